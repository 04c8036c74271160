"use client";
import Link from "next/link";
import { useEffect, useId, useRef, useState } from "react";

export interface MenuItem {
  label: string;
  /** A link: client-side navigation, or a plain download link when `download` is set. */
  href?: string;
  /** The link downloads a file (a plain <a download>, which gives focus back to the button). */
  download?: boolean;
  description?: string;
  /** An action (the item is a button); the menu closes and focus returns to the button first. */
  onSelect?: () => void;
  danger?: boolean;
  disabled?: boolean;
}

interface Props {
  /** The button's text, or its accessible name when it shows an icon. */
  label: string;
  items: MenuItem[];
  /** Show this icon instead of the label and caret; the label becomes the button's aria-label. */
  icon?: React.ReactNode;
  /**
   * "below": the list drops below the button (CSS). "fixed": the list is placed with fixed coordinates
   * (below the button, or above it when there is no room) so a table's overflow does not clip it; it
   * closes when the page scrolls or resizes.
   */
  placement?: "below" | "fixed";
  /** A BEM block name added to the menu's own classes: `block`, `block__button`, `block__list`, `block__item`. */
  className?: string;
}

/**
 * A menu button (WAI-ARIA APG "menu button" pattern) whose items are links or actions. Enter, Space or
 * Arrow Down open it on the first item, Arrow Up on the last; arrows, Home and End move; Escape closes it
 * and returns focus to the button; Tab closes it and moves on; a click outside closes it.
 */
export function MenuButton({ label, items, icon, placement = "below", className }: Props) {
  const [open, setOpen] = useState(false);
  const [focusIndex, setFocusIndex] = useState(0);
  const [place, setPlace] = useState<React.CSSProperties>({});
  const buttonRef = useRef<HTMLButtonElement>(null);
  const itemRefs = useRef<(HTMLElement | null)[]>([]);
  const rootRef = useRef<HTMLDivElement>(null);
  const menuId = useId();
  const buttonId = useId();
  const fixed = placement === "fixed";
  const block = (suffix: string) => (className ? ` ${className}${suffix}` : "");

  useEffect(() => {
    if (open) itemRefs.current[focusIndex]?.focus();
  }, [open, focusIndex]);

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (e: PointerEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, [open]);

  useEffect(() => {
    if (!open || !fixed) return;
    const onMove = () => setOpen(false);
    window.addEventListener("resize", onMove);
    window.addEventListener("scroll", onMove, true);
    return () => {
      window.removeEventListener("resize", onMove);
      window.removeEventListener("scroll", onMove, true);
    };
  }, [open, fixed]);

  const openAt = (index: number) => {
    const r = fixed ? buttonRef.current?.getBoundingClientRect() : undefined;
    if (r) {
      const height = items.length * 40 + 12;
      const below = window.innerHeight - r.bottom > height + 8 || r.top < height + 8;
      setPlace({ position: "fixed", right: Math.max(8, window.innerWidth - r.right), ...(below ? { top: r.bottom + 4 } : { bottom: window.innerHeight - r.top + 4 }) });
    }
    setFocusIndex(index);
    setOpen(true);
  };
  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) buttonRef.current?.focus();
  };
  const select = (item: MenuItem) => {
    if (item.disabled) return;
    close(true);
    item.onSelect?.();
  };

  const onButtonKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === "ArrowDown" || e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      openAt(0);
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      openAt(items.length - 1);
    }
  };

  const onMenuKeyDown = (e: React.KeyboardEvent) => {
    const last = items.length - 1;
    const move = (i: number) => {
      e.preventDefault();
      setFocusIndex(i);
    };
    switch (e.key) {
      case "ArrowDown":
        return move(focusIndex >= last ? 0 : focusIndex + 1);
      case "ArrowUp":
        return move(focusIndex <= 0 ? last : focusIndex - 1);
      case "Home":
        return move(0);
      case "End":
        return move(last);
      case "Escape":
        e.preventDefault();
        return close(true);
      case "Tab":
        return close(false);
      case " ":
        // Space activates a menu item like Enter does.
        e.preventDefault();
        itemRefs.current[focusIndex]?.click();
        return;
    }
  };

  return (
    <div className={`menu${block("")}`} ref={rootRef}>
      <button
        ref={buttonRef}
        id={buttonId}
        type="button"
        className={icon ? `button button--ghost button--icon${block("__button")}` : `button menu__button${block("__button")}`}
        aria-label={icon ? label : undefined}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => (open ? close(false) : openAt(0))}
        onKeyDown={onButtonKeyDown}
      >
        {icon ? (
          <span aria-hidden="true">{icon}</span>
        ) : (
          <>
            {label}
            <span aria-hidden="true" className="menu__caret">
              ▾
            </span>
          </>
        )}
      </button>
      {open ? (
        <ul id={menuId} role="menu" aria-labelledby={buttonId} className={`menu__list${block("__list")}`} style={fixed ? place : undefined} onKeyDown={onMenuKeyDown}>
          {items.map((item, i) => {
            const cls = `menu__item${block("__item")}${item.danger ? block("__item--danger") : ""}`;
            const ref = (el: HTMLElement | null) => {
              itemRefs.current[i] = el;
            };
            // A navigation link shows its label and description; a download or an action, its label alone.
            const linkContent = (
              <>
                <span className="menu__item-label">{item.label}</span>
                {item.description ? <span className="menu__item-desc">{item.description}</span> : null}
              </>
            );
            return (
              <li key={item.label} role="none">
                {item.href && item.download && !item.disabled ? (
                  <a ref={ref} href={item.href} role="menuitem" tabIndex={-1} className={cls} download onClick={() => close(true)}>
                    {item.label}
                  </a>
                ) : item.href && !item.disabled ? (
                  <Link ref={ref} href={item.href} role="menuitem" tabIndex={-1} className={cls} onClick={() => setOpen(false)}>
                    {linkContent}
                  </Link>
                ) : (
                  <button ref={ref} type="button" role="menuitem" tabIndex={-1} className={cls} aria-disabled={item.disabled || undefined} onClick={() => select(item)}>
                    {item.label}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}

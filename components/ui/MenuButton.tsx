"use client";
import Link from "next/link";
import { useEffect, useId, useRef, useState } from "react";

export interface MenuItem {
  label: string;
  href: string;
  description?: string;
}

/**
 * A menu button (WAI-ARIA APG "menu button" pattern) whose items are links. Enter, Space or Arrow Down
 * open it on the first item, Arrow Up on the last; arrows, Home and End move; Escape closes it and returns
 * focus to the button; Tab closes it and moves on.
 */
export function MenuButton({ label, items }: { label: string; items: MenuItem[] }) {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const itemRefs = useRef<(HTMLAnchorElement | null)[]>([]);
  const rootRef = useRef<HTMLDivElement>(null);
  const [focusIndex, setFocusIndex] = useState(0);
  const menuId = useId();
  const buttonId = useId();

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

  const openAt = (index: number) => {
    setFocusIndex(index);
    setOpen(true);
  };
  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) buttonRef.current?.focus();
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
    <div className="menu" ref={rootRef}>
      <button
        ref={buttonRef}
        id={buttonId}
        type="button"
        className="button menu__button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => (open ? close(false) : openAt(0))}
        onKeyDown={onButtonKeyDown}
      >
        {label}
        <span aria-hidden="true" className="menu__caret">
          ▾
        </span>
      </button>
      {open ? (
        <ul id={menuId} role="menu" aria-labelledby={buttonId} className="menu__list" onKeyDown={onMenuKeyDown}>
          {items.map((item, i) => (
            <li key={item.href} role="none">
              <Link
                ref={(el) => {
                  itemRefs.current[i] = el;
                }}
                href={item.href}
                role="menuitem"
                tabIndex={-1}
                className="menu__item"
                onClick={() => setOpen(false)}
              >
                <span className="menu__item-label">{item.label}</span>
                {item.description ? <span className="menu__item-desc">{item.description}</span> : null}
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

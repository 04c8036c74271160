"use client";
import { useEffect, useId, useRef, useState } from "react";

export interface Action {
  label: string;
  /** A link (downloads are links to the file). */
  href?: string;
  onSelect?: () => void;
  danger?: boolean;
  disabled?: boolean;
}

/**
 * A "⋮" row menu (WAI-ARIA APG menu button) whose items are actions or links. Enter, Space or Arrow Down
 * open it on the first item, Arrow Up on the last; arrows, Home and End move; Escape closes it and gives
 * focus back to the button.
 */
export function ActionMenu({ label, actions }: { label: string; actions: Action[] }) {
  const [open, setOpen] = useState(false);
  const [index, setIndex] = useState(0);
  // The list is placed with fixed coordinates so a table's overflow does not clip it.
  const [place, setPlace] = useState<React.CSSProperties>({});
  const buttonRef = useRef<HTMLButtonElement>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const itemRefs = useRef<(HTMLElement | null)[]>([]);
  const menuId = useId();
  const buttonId = useId();

  useEffect(() => {
    if (open) itemRefs.current[index]?.focus();
  }, [open, index]);

  useEffect(() => {
    if (!open) return;
    const onMove = () => setOpen(false);
    window.addEventListener("resize", onMove);
    window.addEventListener("scroll", onMove, true);
    return () => {
      window.removeEventListener("resize", onMove);
      window.removeEventListener("scroll", onMove, true);
    };
  }, [open]);

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (e: PointerEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, [open]);

  const openAt = (i: number) => {
    const r = buttonRef.current?.getBoundingClientRect();
    if (r) {
      const height = actions.length * 40 + 12;
      const below = window.innerHeight - r.bottom > height + 8 || r.top < height + 8;
      setPlace({ position: "fixed", right: Math.max(8, window.innerWidth - r.right), ...(below ? { top: r.bottom + 4 } : { bottom: window.innerHeight - r.top + 4 }) });
    }
    setIndex(i);
    setOpen(true);
  };
  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) buttonRef.current?.focus();
  };
  const select = (a: Action) => {
    if (a.disabled) return;
    close(true);
    a.onSelect?.();
  };

  const onMenuKeyDown = (e: React.KeyboardEvent) => {
    const last = actions.length - 1;
    const move = (i: number) => {
      e.preventDefault();
      setIndex(i);
    };
    switch (e.key) {
      case "ArrowDown":
        return move(index >= last ? 0 : index + 1);
      case "ArrowUp":
        return move(index <= 0 ? last : index - 1);
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
        e.preventDefault();
        itemRefs.current[index]?.click();
        return;
    }
  };

  return (
    <div className="menu action-menu" ref={rootRef}>
      <button
        ref={buttonRef}
        id={buttonId}
        type="button"
        className="button button--ghost button--icon action-menu__button"
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => (open ? close(false) : openAt(0))}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown" || e.key === "Enter" || e.key === " ") {
            e.preventDefault();
            openAt(0);
          } else if (e.key === "ArrowUp") {
            e.preventDefault();
            openAt(actions.length - 1);
          }
        }}
      >
        <span aria-hidden="true">⋮</span>
      </button>
      {open ? (
        <ul id={menuId} role="menu" aria-labelledby={buttonId} className="menu__list action-menu__list" style={place} onKeyDown={onMenuKeyDown}>
          {actions.map((a, i) => {
            const cls = `menu__item action-menu__item${a.danger ? " action-menu__item--danger" : ""}`;
            const ref = (el: HTMLElement | null) => {
              itemRefs.current[i] = el;
            };
            return (
              <li key={a.label} role="none">
                {a.href && !a.disabled ? (
                  <a ref={ref} href={a.href} role="menuitem" tabIndex={-1} className={cls} download onClick={() => close(true)}>
                    {a.label}
                  </a>
                ) : (
                  <button ref={ref} type="button" role="menuitem" tabIndex={-1} className={cls} aria-disabled={a.disabled || undefined} onClick={() => select(a)}>
                    {a.label}
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

"use client";
import { useState } from "react";

/**
 * The state of a list page: the action under way (which dialog is open, on what) and the notice of what
 * the last one did. `done` ends the action with its notice; `close` ends it without one.
 */
export function useListActions<A>() {
  const [action, setAction] = useState<A | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const close = () => setAction(null);
  const done = (text: string) => {
    setAction(null);
    setNotice(text);
  };
  return { action, setAction, notice, setNotice, close, done };
}

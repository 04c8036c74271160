/** Where to go after signing in: a path on this site, never the sign-in page itself. */
export function safeCallbackUrl(value: string | undefined | null): string {
  if (!value) return "/clusters";
  try {
    // Only the path is kept, so the destination is always on this site.
    const url = new URL(value, "http://placeholder.invalid");
    const path = url.pathname + url.search + url.hash;
    return path.startsWith("/") && !path.startsWith("//") && !path.startsWith("/signin") ? path : "/clusters";
  } catch {
    return "/clusters";
  }
}

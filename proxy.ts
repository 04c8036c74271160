import type { NextFetchEvent, NextRequest } from "next/server";
import { withAuth } from "next-auth/middleware";

// Route protection: every page needs a session; API routes answer 401 themselves (lib/api.ts) so that
// clients get problem+json rather than a redirect to the sign-in page.
const auth = withAuth({ pages: { signIn: "/signin" } });

export function proxy(req: NextRequest, event: NextFetchEvent) {
  return auth(req as Parameters<typeof auth>[0], event);
}

export const config = {
  matcher: ["/((?!api/|signin|_next/|favicon.ico|icon.svg|robots.txt).*)"],
};

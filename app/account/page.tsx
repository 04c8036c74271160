import type { Metadata } from "next";
import { AccountPage } from "@/components/account/AccountPage";
import { requireUser } from "@/components/server/session";

export const metadata: Metadata = { title: "Account" };

export default async function Page() {
  const user = await requireUser("/account");
  return <AccountPage user={user} />;
}

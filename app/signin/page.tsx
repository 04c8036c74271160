import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInPage } from "@/components/auth/SignInPage";
import { safeCallbackUrl } from "@/components/auth/callback-url";
import { pageUser } from "@/lib/session";

export const metadata: Metadata = { title: "Sign in" };

export default async function Page({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = typeof params.callbackUrl === "string" ? params.callbackUrl : undefined;
  if (await pageUser()) redirect(safeCallbackUrl(callbackUrl));
  return <SignInPage callbackUrl={callbackUrl} reason={typeof params.reason === "string" ? params.reason : undefined} />;
}

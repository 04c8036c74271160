import type { Metadata, Viewport } from "next";
import { Providers } from "@/components/providers";
import { AppShell } from "@/components/shell/AppShell";
import { pageUser } from "@/lib/session";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "CIS Scans", template: "%s · CIS Scans" },
  description: "CIS Kubernetes Benchmark scans for your clusters.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#1f5f99" };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const user = await pageUser();
  return (
    <html lang="en">
      <body>
        <Providers>{user ? <AppShell user={user}>{children}</AppShell> : children}</Providers>
      </body>
    </html>
  );
}

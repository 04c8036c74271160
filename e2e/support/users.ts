// Fixed accounts of the end-to-end runs (the administrator is created by scripts/start.ts from these).
export const E2E_ADMIN = { email: "admin@e2e.test", password: "e2e-admin-password" };

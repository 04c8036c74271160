// Typed application errors. Domain code throws these; lib/api.ts turns them (and zod/Prisma errors) into
// one response shape, RFC 9457 application/problem+json.

export interface FieldProblem {
  field: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
  }
}

export const unauthenticated = () => new AppError(401, "unauthenticated", "Sign in to continue.");
export const forbidden = (what = "You are not allowed to do this.") => new AppError(403, "forbidden", what);
export const notFound = (what: string) => new AppError(404, "not_found", `${what} not found.`);
export const conflict = (message: string) => new AppError(409, "conflict", message);
export const invalid = (field: string, message: string) =>
  new AppError(422, "invalid", `${field}: ${message}`, [{ field, message }]);
export const tooLarge = (field: string, message: string) =>
  new AppError(413, "too_large", `${field}: ${message}`, [{ field, message }]);
export const tooManyRequests = (message: string) => new AppError(429, "too_many_requests", message);

// API errors rendered as real metav1.Status objects.
import type { ResourceDef } from "./resources";

export interface StatusCause { reason?: string; message?: string; field?: string }
export interface StatusDetails {
  name?: string; group?: string; kind?: string; uid?: string; causes?: StatusCause[]; retryAfterSeconds?: number;
}

export class ApiError extends Error {
  constructor(
    public code: number,
    public reason: string,
    message: string,
    public details?: StatusDetails,
    public headers: Record<string, string> = {},
  ) {
    super(message);
  }
  toStatus() {
    return statusObject(this.code, this.reason, this.message, this.details);
  }
}

export function statusObject(code: number, reason: string, message: string, details?: StatusDetails) {
  const s: Record<string, unknown> = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason };
  if (details && Object.keys(details).length) s.details = details;
  s.code = code;
  return s;
}

/** "jobs.batch" / "configmaps" as used in error messages. */
export const qualifiedResource = (def: Pick<ResourceDef, "plural" | "group">) => (def.group ? `${def.plural}.${def.group}` : def.plural);

export const notFound = (def: ResourceDef, name: string) =>
  new ApiError(404, "NotFound", `${qualifiedResource(def)} "${name}" not found`, { name, group: def.group || undefined, kind: def.plural });

export const alreadyExists = (def: ResourceDef, name: string) =>
  new ApiError(409, "AlreadyExists", `${qualifiedResource(def)} "${name}" already exists`, { name, group: def.group || undefined, kind: def.plural });

export const conflict = (def: ResourceDef, name: string, msg = "the object has been modified; please apply your changes to the latest version and try again") =>
  new ApiError(409, "Conflict", `Operation cannot be fulfilled on ${qualifiedResource(def)} "${name}": ${msg}`, { name, group: def.group || undefined, kind: def.plural });

export const badRequest = (message: string) => new ApiError(400, "BadRequest", message);

export const invalid = (def: ResourceDef, name: string, causes: { field: string; type: string; message: string; value?: unknown }[]) => {
  const parts = causes.map((c) => `${c.field}: ${c.type}${c.value !== undefined ? `: ${JSON.stringify(c.value)}` : ""}${c.message ? `: ${c.message}` : ""}`);
  const msg = `${def.kind}${def.group ? "." + def.group : ""} "${name}" is invalid: ${parts.length > 1 ? "[" + parts.join(", ") + "]" : parts[0]}`;
  return new ApiError(422, "Invalid", msg, {
    name, group: def.group || undefined, kind: def.kind,
    causes: causes.map((c) => ({
      reason: c.type === "Required value" ? "FieldValueRequired" : c.type === "Unsupported value" ? "FieldValueNotSupported" : c.type === "Too long" ? "FieldValueTooLong" : c.type === "Forbidden" ? "FieldValueForbidden" : "FieldValueInvalid",
      message: `${c.type}${c.value !== undefined ? `: ${JSON.stringify(c.value)}` : ""}${c.message ? `: ${c.message}` : ""}`,
      field: c.field,
    })),
  });
};

export const methodNotAllowed = () => new ApiError(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
export const notFoundPath = () => new ApiError(404, "NotFound", "the server could not find the requested resource");
export const unauthorized = () => new ApiError(401, "Unauthorized", "Unauthorized");
export const internalError = (msg: string) => new ApiError(500, "InternalError", `Internal error occurred: ${msg}`, { causes: [{ message: msg }] });
export const tooManyRequests = (retryAfter: number) =>
  new ApiError(429, "TooManyRequests", "Too many requests, please try again later.", { retryAfterSeconds: retryAfter }, { "Retry-After": String(retryAfter) });
export const gone = (message: string) => new ApiError(410, "Expired", message);

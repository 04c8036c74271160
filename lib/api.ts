import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { authorizeCluster, requireAdmin, type ClusterAction } from "@/lib/access";
import { Prisma } from "@/lib/db";
import { AppError, type FieldProblem, tooLarge, unauthenticated } from "@/lib/errors";
import { requestUser, type SessionUser } from "@/lib/session";

// The one route wrapper: session check, role check for the target cluster, zod validation of
// params/query/body, and one error shape (RFC 9457 application/problem+json with the failing fields).
//   401 not signed in · 403 not allowed · 404 missing or not visible · 400/422 bad input · 413 too large

export type Access = "public" | "user" | "admin" | { cluster: ClusterAction };

interface Spec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  access: Access;
  params?: P;
  query?: Q;
  body?: B;
  /** Largest accepted request body; default 1 MiB. */
  maxBodyBytes?: number;
}

export interface Ctx<P, Q, B> {
  req: NextRequest;
  user: SessionUser;
  params: P;
  query: Q;
  body: B;
}

type RouteContext = { params: Promise<Record<string, string | string[]>> };

const DEFAULT_MAX_BODY = 1024 * 1024;

export function route<
  P extends z.ZodType = z.ZodType<Record<string, string>>,
  Q extends z.ZodType = z.ZodType<Record<string, string>>,
  B extends z.ZodType = z.ZodType<undefined>,
>(
  spec: Spec<P, Q, B>,
  handler: (ctx: Ctx<z.infer<P>, z.infer<Q>, z.infer<B>>) => Promise<unknown>,
) {
  return async (req: NextRequest, context?: RouteContext): Promise<Response> => {
    try {
      const user = await requestUser(req);
      if (!user && spec.access !== "public") throw unauthenticated();
      const rawParams = (await context?.params) ?? {};
      const params = parse(spec.params, rawParams, "path");
      if (spec.access === "admin") requireAdmin(user!);
      // Any route under /clusters/[clusterId] checks the caller's role on that cluster (404 when not visible).
      const clusterId = (rawParams as Record<string, string>).clusterId;
      if (typeof spec.access === "object") await authorizeCluster(user!, String(clusterId ?? ""), spec.access.cluster);
      else if (clusterId !== undefined && user) await authorizeCluster(user, String(clusterId), "manage");
      const query = parse(spec.query, Object.fromEntries(req.nextUrl.searchParams), "query");
      const body = spec.body ? parse(spec.body, await readJson(req, spec.maxBodyBytes ?? DEFAULT_MAX_BODY), "body") : undefined;
      const result = await handler({ req, user: user!, params, query, body } as Ctx<z.infer<P>, z.infer<Q>, z.infer<B>>);
      if (result instanceof Response) return result;
      if (result === undefined) return new Response(null, { status: 204 });
      return NextResponse.json(result);
    } catch (err) {
      return problemResponse(err, req);
    }
  };
}

function parse<S extends z.ZodType | undefined>(schema: S, value: unknown, where: string) {
  if (!schema) return value;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw validationError(parsed.error, where);
}

export function validationError(error: z.ZodError, where = "body"): AppError {
  const fields: FieldProblem[] = error.issues.map((i) => ({
    field: i.path.length ? i.path.join(".") : where,
    message: i.message,
  }));
  const summary = fields.map((f) => `${f.field}: ${f.message}`).join("; ");
  return new AppError(where === "body" ? 422 : 400, "invalid", `Invalid ${where}: ${summary}`, fields);
}

async function readJson(req: NextRequest, maxBytes: number): Promise<unknown> {
  const declared = Number(req.headers.get("content-length") ?? 0);
  if (declared > maxBytes) throw tooLarge("body", `request body is larger than ${formatBytes(maxBytes)}`);
  const text = await req.text();
  if (Buffer.byteLength(text) > maxBytes) throw tooLarge("body", `request body is larger than ${formatBytes(maxBytes)}`);
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError(400, "malformed_json", "body: request body is not valid JSON", [
      { field: "body", message: "not valid JSON" },
    ]);
  }
}

export function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(n % (1024 * 1024) ? 1 : 0)} MiB` : `${Math.round(n / 1024)} KiB`;
}

export function problemResponse(err: unknown, req?: Request): Response {
  let problem: AppError;
  if (err instanceof AppError) problem = err;
  else if (err instanceof z.ZodError) problem = validationError(err);
  else if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2025") {
    problem = new AppError(404, "not_found", "Not found.");
  } else if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
    const target = String((err.meta as { target?: unknown } | undefined)?.target ?? "value");
    problem = new AppError(409, "conflict", `${target}: already exists`, [{ field: target, message: "already exists" }]);
  } else {
    console.error(`[api] ${req?.method ?? ""} ${req?.url ?? ""} failed:`, err);
    problem = new AppError(500, "internal", "Something went wrong on the server. It has been logged.");
  }
  const headers: Record<string, string> = { "content-type": "application/problem+json" };
  return new Response(
    JSON.stringify({
      type: `about:blank#${problem.code}`,
      title: problem.code.replace(/_/g, " "),
      status: problem.status,
      detail: problem.message,
      ...(problem.fields.length ? { errors: problem.fields } : {}),
    }),
    { status: problem.status, headers },
  );
}

export const created = (value: unknown) => NextResponse.json(value, { status: 201 });

import { z } from "zod";
import { hashPassword, passwordSchema, verifyPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";
import { AppError, invalid, notFound } from "@/lib/errors";

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "must be at most 254 characters")
  .pipe(z.email("is not a valid email address"));

export const createUserSchema = z.object({
  email: emailSchema,
  name: z.string().trim().min(1, "is required").max(100),
  password: passwordSchema,
  role: z.enum(["ADMIN", "USER"]).default("USER"),
});

export const updateUserSchema = z.object({
  name: z.string().trim().min(1, "is required").max(100).optional(),
  role: z.enum(["ADMIN", "USER"]).optional(),
  password: passwordSchema.optional(),
});

export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, "is required"),
  newPassword: passwordSchema,
});

const publicFields = { id: true, email: true, name: true, role: true, createdAt: true } as const;

export function listUsers() {
  return db.user.findMany({ select: publicFields, orderBy: { email: "asc" } });
}

export async function createUser(input: z.infer<typeof createUserSchema>) {
  const existing = await db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) throw new AppError(409, "conflict", `email: ${input.email} is already registered`, [{ field: "email", message: "already registered" }]);
  return db.user.create({
    data: { email: input.email, name: input.name, role: input.role, passwordHash: await hashPassword(input.password) },
    select: publicFields,
  });
}

export async function updateUser(actorId: string, id: string, input: z.infer<typeof updateUserSchema>) {
  const user = await db.user.findUnique({ where: { id } });
  if (!user) throw notFound("User");
  if (input.role === "USER" && user.role === "ADMIN") await assertAnotherAdmin(id, "role");
  if (input.role && id === actorId && input.role !== user.role) throw invalid("role", "you cannot change your own role");
  return db.user.update({
    where: { id },
    data: {
      name: input.name,
      role: input.role,
      ...(input.password ? { passwordHash: await hashPassword(input.password), passwordChangedAt: new Date() } : {}),
    },
    select: publicFields,
  });
}

export async function deleteUser(actorId: string, id: string) {
  if (id === actorId) throw invalid("userId", "you cannot delete your own account");
  const user = await db.user.findUnique({ where: { id } });
  if (!user) throw notFound("User");
  if (user.role === "ADMIN") await assertAnotherAdmin(id, "userId");
  await db.user.delete({ where: { id } });
}

async function assertAnotherAdmin(exceptId: string, field: string) {
  const others = await db.user.count({ where: { role: "ADMIN", id: { not: exceptId } } });
  if (!others) throw invalid(field, "the last administrator cannot be removed or demoted");
}

export async function changePassword(userId: string, input: z.infer<typeof changePasswordSchema>) {
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user) throw notFound("User");
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) throw invalid("currentPassword", "is not correct");
  if (input.currentPassword === input.newPassword) throw invalid("newPassword", "must differ from the current password");
  await db.user.update({
    where: { id: userId },
    data: { passwordHash: await hashPassword(input.newPassword), passwordChangedAt: new Date() },
  });
}

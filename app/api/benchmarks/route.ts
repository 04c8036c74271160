import { route } from "@/lib/api";
import { BENCHMARKS } from "@/lib/benchmarks";

export const GET = route({ access: "user" }, async () =>
  BENCHMARKS.map(({ id, title, providers, kubernetes, image }) => ({ id, title, providers, kubernetes, image })),
);

// Applies pending migrations to DATABASE_URL (what `prisma migrate deploy` does; see lib/migrate.ts).
import { migrate } from "../lib/migrate";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set");
  process.exit(2);
}
migrate(url)
  .then((r) => console.log(`Applied ${r.applied.length} migration(s); ${r.alreadyApplied.length} already applied.`))
  .catch((err) => {
    console.error(err.message);
    process.exit(1);
  });

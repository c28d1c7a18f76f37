#!/bin/sh
# Stand-in for Prisma's native schema engine, which cannot be downloaded on this project's
# build machines. `prisma generate` only needs the path to exist; if anything ever runs it,
# it says so instead of pretending to work. Migrations: see mesh/database/README.md.
echo "prisma schema engine is not installed here: apply migrations with @auction-mesh/database (npm run db -- migrate)" >&2
exit 1

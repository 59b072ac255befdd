// Placeholder until the CLI issue: keeps `npm install` (prepare) working.

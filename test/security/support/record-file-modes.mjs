// Preloaded (node --import) into `npm run backup` by test/security/backup-modes.test.ts: notes
// the permission bits of what the backup writes while it writes it, into MODE_LOG (JSON lines, at exit).
// - during SQLite's online backup, at each progress step: every entry in the target's folder;
// - right after a copyFileSync or writeFileSync: the file written;
// - right before a chmodSync: the file as it was until then.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

const notes = [];
const write = fs.writeFileSync;
process.on("exit", () => write(process.env.MODE_LOG, notes.map((line) => JSON.stringify(line)).join("\n")));
const note = (moment, file) => {
  try {
    notes.push({ moment, file, mode: fs.statSync(file).mode & 0o777 });
  } catch {
    // Gone already (a temporary journal): nothing to note.
  }
};
const everything = (folder) => fs.readdirSync(folder, { recursive: true }).map((entry) => path.join(folder, String(entry)));

const backup = Database.prototype.backup;
Database.prototype.backup = function (destination, options = {}) {
  const folder = path.dirname(path.dirname(path.resolve(destination)));
  return backup.call(this, destination, {
    ...options,
    progress(info) {
      for (const file of [folder, ...everything(folder)]) note("backup", file);
      return options.progress ? options.progress(info) : 100;
    },
  });
};

for (const name of ["copyFileSync", "writeFileSync"]) {
  const original = fs[name];
  fs[name] = function (...args) {
    const result = original.apply(this, args);
    if (typeof args[name === "copyFileSync" ? 1 : 0] === "string") note(name, args[name === "copyFileSync" ? 1 : 0]);
    return result;
  };
}
const chmod = fs.chmodSync;
fs.chmodSync = function (file, ...rest) {
  note("before chmodSync", file);
  return chmod.call(this, file, ...rest);
};

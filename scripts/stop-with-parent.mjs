// npm runs a script through `sh -c`, and the shell does not pass on the SIGTERM that stops `npm start`: the shell
// dies and the server would go on as an orphan. Imported first by scripts/start.mjs, this watches the parent and
// sends the process its own SIGTERM (the server then closes its database cleanly) the moment the parent is gone.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.kill(process.pid, 'SIGTERM');
}, 250).unref();

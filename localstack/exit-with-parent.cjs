// Preloaded into dynalite by chat.localstack.Dynalite (node --require). The JVM holds the write end of this
// process's stdin, so end-of-file means the JVM is gone -- even after SIGKILL, when its shutdown hooks never run --
// and dynalite must not outlive it (it would keep the port and the LevelDB lock).
process.stdin.on('end', () => process.exit(0))
process.stdin.on('error', () => process.exit(0))
process.stdin.resume()

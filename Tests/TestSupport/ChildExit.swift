public import Foundation

/// Waits for a child process to end without `Process.waitUntilExit()`, which here now and then spun at full CPU
/// for ever after the child had ended (Foundation never saw the exit, seen with SIGKILLed servers under load).
/// Polls `isRunning`, and after a grace period reaps the child itself when Foundation has not.
public enum ChildExit {
    /// The child's exit status (its signal number + 128 when killed by one). Blocks: call it off the cooperative pool.
    public static func wait(_ process: Process) -> Int32 {
        let pid = process.processIdentifier
        var polls = 0
        while process.isRunning {
            polls += 1
            // Give Foundation 2 s to notice, then look for ourselves.
            if polls > 200 {
                var status: Int32 = 0
                let reaped = waitpid(pid, &status, WNOHANG)
                if reaped == pid {
                    let signal = status & 0x7F
                    return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
                }
                if reaped == -1, errno == ECHILD, kill(pid, 0) == -1 {
                    // Reaped by Foundation after all; its status arrives with `isRunning` turning false.
                    if polls > 400 { return -1 }
                }
            }
            usleep(10_000)
        }
        return process.terminationStatus
    }
}

//! `callflow … | head` must end quietly: the reader going away is not an error of ours.

use std::io::Read;
use std::process::{Command, Stdio};

#[test]
fn a_closed_stdout_ends_the_command_without_a_panic() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_callflow"))
        .arg("schema")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("callflow starts");
    // Read a few bytes, then hang up, as `head -c 16` does; the schema is far larger than a pipe
    // buffer, so the command is still writing when the reader goes away.
    let mut stdout = child.stdout.take().expect("piped stdout");
    let mut first = [0u8; 16];
    stdout.read_exact(&mut first).expect("the schema starts");
    drop(stdout);

    let output = child.wait_with_output().expect("callflow ends");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "stderr: {stderr}");
    assert!(!output.status.success() || stderr.is_empty(), "stderr: {stderr}");
}

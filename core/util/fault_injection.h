// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Fault injection for the "a process dies" tests: killAfterCountForTests("VAR") called at a
// point of progress makes the process kill itself (SIGKILL, as `kill -9`, an out-of-memory
// kill or a lost node would) the N-th time, when the environment has VAR=N. Without VAR it
// does nothing. Used by cache building (ANCHORSCOPE_TEST_KILL_AFTER_BATCHES) and training
// (ANCHORSCOPE_TEST_KILL_AFTER_STEPS).
namespace anchorscope {

void killAfterCountForTests(const char* variable);

} // namespace anchorscope

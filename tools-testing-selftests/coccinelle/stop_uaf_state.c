// SPDX-License-Identifier: GPL-2.0
/*
 * Per-file state: stop_uaf_paths.c has a my_done() that only returns
 * kthread_should_stop() and a state_done() that does not; here it is the
 * other way round.  Checked alone and with the other files of this folder
 * in any order, at --jobs 1 and 2, the reports must be the same.
 */
#include <linux/kthread.h>

static struct task_struct *state_task, *done_task;
static bool state_flag;

static bool my_done(void)
{
	return READ_ONCE(state_flag);
}

static bool state_done(void)
{
	return kthread_should_stop();
}

/* Negative: state_done() of this file is a stop test. */
static int done_fn(void *data)
{
	while (!state_done())
		schedule_timeout_interruptible(HZ);
	return 0;
}

/* Positive: returns once state_flag is set, stop or no stop. */
static int state_fn(void *data)
{
	while (!my_done())
		schedule_timeout_interruptible(HZ);
	return 0;
}

static void state_start(void)
{
	state_task = kthread_run(state_fn, NULL, "state");
	done_task = kthread_run(done_fn, NULL, "done");
}

static void state_stop(void)
{
	kthread_stop(state_task);
	kthread_stop(done_task);
}

// SPDX-License-Identifier: GPL-2.0
/* Rule 1: a loop on kthread_should_stop() that never sleeps. */
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/wait.h>

static DECLARE_WAIT_QUEUE_HEAD(wq);
static bool work_pending_flag;

/* Positive: a bare schedule() in TASK_RUNNING returns at once. */
static int bad_schedule_fn(void *data)
{
	while (!kthread_should_stop())
		schedule();
	return 0;
}

/* Positive: cpu_relax() in braces. */
static int bad_relax_fn(void *data)
{
	while (!kthread_should_stop()) {
		cpu_relax();
	}
	return 0;
}

/* Positive: an empty body. */
static int bad_empty_fn(void *data)
{
	while (!kthread_should_stop())
		;
	return 0;
}

/* Negative: the sample's worker, sleeps on cond || kthread_should_stop(). */
static int good_wait_event_fn(void *data)
{
	while (!kthread_should_stop()) {
		wait_event_interruptible(wq, READ_ONCE(work_pending_flag) ||
					 kthread_should_stop());
		WRITE_ONCE(work_pending_flag, false);
	}
	return 0;
}

/* Negative: the task state is set before the loop, schedule() sleeps. */
static int good_wait_for_stop_fn(void *data)
{
	set_current_state(TASK_INTERRUPTIBLE);
	while (!kthread_should_stop())
		schedule();
	__set_current_state(TASK_RUNNING);
	return 0;
}

/* Negative: sleeps with a timeout on every iteration. */
static int good_timeout_fn(void *data)
{
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/* Rule 2: uninterruptible sleep entered after the kthread_should_stop() check. */
#include <linux/kthread.h>
#include <linux/sched.h>

static bool has_work(void *data);
static void do_work(void *data);

/* Positive: TASK_UNINTERRUPTIBLE set after the loop's check. */
static int bad_uninterruptible_fn(void *data)
{
	while (!kthread_should_stop()) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		if (!has_work(data))
			schedule();
		__set_current_state(TASK_RUNNING);
		do_work(data);
	}
	return 0;
}

/* Positive: TASK_IDLE is uninterruptible too. */
static int bad_idle_fn(void *data)
{
	for (;;) {
		if (kthread_should_stop())
			break;
		set_current_state(TASK_IDLE);
		schedule();
		do_work(data);
	}
	return 0;
}

/* Negative: the sample's pattern, state set before the check. */
static int good_state_first_fn(void *data)
{
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (kthread_should_stop())
			break;
		if (!has_work(data)) {
			schedule();
			continue;
		}
		__set_current_state(TASK_RUNNING);
		do_work(data);
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

/* Negative: uninterruptible, but the check comes after the state. */
static int good_idle_recheck_fn(void *data)
{
	for (;;) {
		set_current_state(TASK_IDLE);
		if (kthread_should_stop())
			break;
		schedule();
		do_work(data);
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

/* Negative: interruptible: kthread_stop()'s TIF_NOTIFY_SIGNAL ends it. */
static int good_interruptible_fn(void *data)
{
	while (!kthread_should_stop()) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!has_work(data))
			schedule();
		__set_current_state(TASK_RUNNING);
		do_work(data);
	}
	return 0;
}

/* Negative: state set before the loop and again at the end of the body. */
static int good_loop_state_fn(void *data)
{
	set_current_state(TASK_UNINTERRUPTIBLE);
	while (!kthread_should_stop()) {
		if (has_work(data)) {
			__set_current_state(TASK_RUNNING);
			do_work(data);
		} else {
			schedule();
		}
		set_current_state(TASK_UNINTERRUPTIBLE);
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

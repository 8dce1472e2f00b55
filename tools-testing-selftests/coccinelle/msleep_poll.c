// SPDX-License-Identifier: GPL-2.0
/* Rule 3: msleep()/ssleep() polling of kthread_should_stop(). */
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/sched.h>

static void poll_hw(void *data);

/* Positive: a one-second msleep() on every iteration. */
static int bad_msleep_fn(void *data)
{
	while (!kthread_should_stop()) {
		poll_hw(data);
		msleep(1000);
	}
	return 0;
}

/* Positive: ssleep(). */
static int bad_ssleep_fn(void *data)
{
	while (!kthread_should_stop()) {
		ssleep(5);
		poll_hw(data);
	}
	return 0;
}

/* Negative: schedule_timeout_interruptible() ends at once on a stop. */
static int good_timeout_fn(void *data)
{
	while (!kthread_should_stop()) {
		poll_hw(data);
		schedule_timeout_interruptible(HZ);
	}
	return 0;
}

/* Negative: msleep_interruptible() ends at once on a stop. */
static int good_msleep_interruptible_fn(void *data)
{
	while (!kthread_should_stop()) {
		poll_hw(data);
		msleep_interruptible(1000);
	}
	return 0;
}

/* Negative: a short settle delay is not polling the stop. */
static int good_short_fn(void *data)
{
	while (!kthread_should_stop()) {
		poll_hw(data);
		msleep(10);
	}
	return 0;
}

/* Negative: the sleep is not on every path. */
static int good_conditional_fn(void *data)
{
	while (!kthread_should_stop()) {
		set_current_state(TASK_INTERRUPTIBLE);
		schedule();
		if (READ_ONCE(*(int *)data))
			msleep(2000);
	}
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * kthread_stop() use-after-free: a thread that takes SIGKILL.  Its
 * interruptible waits also fail on a signal from user space, so the exits
 * that stop_uaf_data.c takes for stop-only are exits before the stop here.
 */
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/mutex.h>
#include <linux/sched/signal.h>

static struct task_struct *sleeper, *locker, *sigger;
static DEFINE_MUTEX(sig_lock);

static void work(void);

/* Positive: a SIGKILL cuts msleep_interruptible() short. */
static int sleeper_fn(void *data)
{
	allow_signal(SIGKILL);
	while (!kthread_should_stop()) {
		work();
		if (msleep_interruptible(100))
			break;
	}
	return 0;
}

/* Positive: a SIGKILL makes mutex_lock_interruptible() fail. */
static int locker_fn(void *data)
{
	allow_signal(SIGKILL);
	while (!kthread_should_stop()) {
		if (mutex_lock_interruptible(&sig_lock))
			return -EINTR;
		work();
		mutex_unlock(&sig_lock);
		schedule_timeout_interruptible(HZ);
	}
	return 0;
}

/* Positive: the pending signal can be a SIGKILL. */
static int sigger_fn(void *data)
{
	allow_signal(SIGKILL);
	while (!kthread_should_stop()) {
		work();
		schedule_timeout_interruptible(HZ);
		if (signal_pending(current))
			break;
	}
	return 0;
}

static void sig_start(void)
{
	sleeper = kthread_run(sleeper_fn, NULL, "sleeper");
	locker = kthread_run(locker_fn, NULL, "locker");
	sigger = kthread_run(sigger_fn, NULL, "sigger");
}

static void sig_stop(void)
{
	kthread_stop(sleeper);
	kthread_stop(locker);
	kthread_stop(sigger);
}

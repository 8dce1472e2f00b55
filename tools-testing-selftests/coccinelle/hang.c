// SPDX-License-Identifier: GPL-2.0
/* Blocking waits in a stop loop, on a condition without the stop. */
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/semaphore.h>
#include <linux/wait.h>

#define POLL_MS		2000
#define SETTLE_MS	(POLL_MS / 40)
#define POLL_S		3

struct hang_dev {
	wait_queue_head_t wq, idle_wq, stop_wq;
	struct completion done, kick;
	struct semaphore sem;
	bool pending, stop_flag;
};

static void work(struct hang_dev *dev);
static void start_work(struct hang_dev *dev, struct completion *c);

/* Positive: wait_event() on a condition without the stop. */
static int wait_event_fn(void *data)
{
	struct hang_dev *dev = data;

	while (!kthread_should_stop()) {
		wait_event(dev->wq, READ_ONCE(dev->pending));
		work(dev);
	}
	return 0;
}

/* Positive: wait_event_idle() in an infinite loop that tests the stop. */
static int wait_idle_fn(void *data)
{
	struct hang_dev *dev = data;

	for (;;) {
		if (kthread_should_stop())
			break;
		wait_event_idle(dev->idle_wq, READ_ONCE(dev->pending));
		work(dev);
	}
	return 0;
}

/* Positive: wait_for_completion() that nobody completes on the stop. */
static int completion_fn(void *data)
{
	struct hang_dev *dev = data;

	while (!kthread_should_stop()) {
		wait_for_completion(&dev->done);
		work(dev);
	}
	return 0;
}

/* Positive: down(). */
static int down_fn(void *data)
{
	struct hang_dev *dev = data;

	while (!kthread_should_stop()) {
		down(&dev->sem);
		work(dev);
	}
	return 0;
}

/* Negative: the condition has the stop test. */
static int wait_event_stop_fn(void *data)
{
	struct hang_dev *dev = data;

	while (!kthread_should_stop()) {
		wait_event(dev->wq, READ_ONCE(dev->pending) ||
			   kthread_should_stop());
		work(dev);
	}
	return 0;
}

/* Negative: interruptible: the stop's TIF_NOTIFY_SIGNAL ends the wait. */
static int interruptible_fn(void *data)
{
	struct hang_dev *dev = data;

	while (!kthread_should_stop()) {
		if (wait_event_interruptible(dev->wq, READ_ONCE(dev->pending)))
			continue;
		work(dev);
	}
	return 0;
}

/* Negative: the stopper completes "kick" before kthread_stop(). */
static int kicked_fn(void *data)
{
	struct hang_dev *dev = data;

	while (!kthread_should_stop()) {
		wait_for_completion(&dev->kick);
		work(dev);
	}
	return 0;
}

/* Negative: the stopper sets the flag and wakes stop_wq first. */
static int flagged_fn(void *data)
{
	struct hang_dev *dev = data;

	while (!kthread_should_stop()) {
		wait_event(dev->stop_wq, READ_ONCE(dev->pending) ||
			   READ_ONCE(dev->stop_flag));
		work(dev);
	}
	return 0;
}

/* Negative: waits for work it started itself (a tasklet completes it). */
static int own_work_fn(void *data)
{
	struct hang_dev *dev = data;
	struct completion own;

	while (!kthread_should_stop()) {
		init_completion(&own);
		start_work(dev, &own);
		wait_for_completion(&own);
	}
	return 0;
}

/* Negative: not in a stop loop (one wait, then the stop is waited for). */
static int once_fn(void *data)
{
	struct hang_dev *dev = data;

	wait_for_completion(&dev->done);
	work(dev);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

/* Latency, positive: a #define'd sleep of 2 s. */
static int define_sleep_fn(void *data)
{
	while (!kthread_should_stop()) {
		work(data);
		msleep(POLL_MS);
	}
	return 0;
}

/* Latency, positive: ssleep() of a #define'd 3 s. */
static int define_ssleep_fn(void *data)
{
	while (!kthread_should_stop()) {
		ssleep(POLL_S);
		work(data);
	}
	return 0;
}

/* Latency, negative: a #define'd 50 ms settle delay. */
static int define_short_fn(void *data)
{
	while (!kthread_should_stop()) {
		work(data);
		msleep(SETTLE_MS);
	}
	return 0;
}

static void hang_stop(struct hang_dev *dev, struct task_struct *t,
		      struct task_struct *k, struct task_struct *f)
{
	kthread_stop(t);
	complete(&dev->kick);
	kthread_stop(k);
	WRITE_ONCE(dev->stop_flag, true);
	wake_up(&dev->stop_wq);
	kthread_stop(f);
}

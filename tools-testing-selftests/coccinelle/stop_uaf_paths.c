// SPDX-License-Identifier: GPL-2.0
/*
 * kthread_stop() of a thread that can end on its own: exits by break and
 * goto, stops through a local copy of the task pointer, task references,
 * stop-test helpers, fields of different structures.
 */
#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/sched/task.h>
#include <linux/wait.h>

struct pdev {
	struct task_struct *brk, *jmp, *cond, *copy, *xchgd, *ref, *other;
	struct task_struct *wrapped, *named, *waiter, *waitfail, *statedone;
	wait_queue_head_t wq;
	bool failed;
};

struct qdev {
	struct task_struct *thread;
};

struct rdev {
	struct task_struct *thread;
};

static bool my_done(void)
{
	return kthread_should_stop();
}

/* Not a stop test here (the one of stop_uaf_state.c is). */
static bool state_done(struct pdev *dev)
{
	return READ_ONCE(dev->failed);
}

static bool scan_should_stop(struct pdev *dev)
{
	return READ_ONCE(dev->failed);
}

/* Returns only once kthread_should_stop() is true: a stop test too. */
static void wait_for_stop(void)
{
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
}

/* Not a stop test: it can also leave on dev->failed. */
static void wait_or_fail(struct pdev *dev)
{
	while (!kthread_should_stop()) {
		if (READ_ONCE(dev->failed))
			return;
		schedule_timeout_interruptible(HZ);
	}
}

/* Positive: breaks out of the stop loop on an error, then returns. */
static int brk_fn(void *data)
{
	struct pdev *dev = data;
	int ret = 0;

	while (!kthread_should_stop()) {
		if (READ_ONCE(dev->failed)) {
			ret = -EIO;
			break;
		}
		wait_event_interruptible(dev->wq, kthread_should_stop());
	}
	return ret;
}

/* Positive: leaves an infinite loop by goto after a false stop test. */
static int jmp_fn(void *data)
{
	struct pdev *dev = data;

	for (;;) {
		if (kthread_should_stop())
			break;
		if (READ_ONCE(dev->failed))
			goto out;
		schedule_timeout_interruptible(HZ);
	}
	return 0;
out:
	return -EIO;
}

/* Positive: the loop also ends when the device fails. */
static int cond_fn(void *data)
{
	struct pdev *dev = data;

	while (!kthread_should_stop() && !READ_ONCE(dev->failed))
		schedule_timeout_interruptible(HZ);
	return 0;
}

/* Positive: a one-shot thread, stopped through local copies. */
static int copy_fn(void *data)
{
	return 0;
}

/* Positive: a helper named *should_stop that does not test the stop. */
static int named_fn(void *data)
{
	struct pdev *dev = data;

	while (!scan_should_stop(dev))
		schedule_timeout_interruptible(HZ);
	return 0;
}

/* Positive: state_done() of this file does not test the stop. */
static int statedone_fn(void *data)
{
	while (!state_done(data))
		schedule_timeout_interruptible(HZ);
	return 0;
}

/* Negative: a helper that only returns kthread_should_stop(). */
static int wrapped_fn(void *data)
{
	while (!my_done())
		schedule_timeout_interruptible(HZ);
	return 0;
}

/* Negative: a one-shot job, then it waits for the stop in a helper. */
static int waiter_fn(void *data)
{
	wait_for_stop();
	return 0;
}

/* Positive: the helper it waits in can return on dev->failed. */
static int waitfail_fn(void *data)
{
	wait_or_fail(data);
	return 0;
}

/* Negative: the break is taken after a true stop test. */
static int stopbrk_fn(void *data)
{
	for (;;) {
		if (kthread_should_stop())
			break;
		schedule_timeout_interruptible(HZ);
	}
	return 0;
}

/* Negative: after an error, waits for the stop before returning. */
static int waitstop_fn(void *data)
{
	struct pdev *dev = data;

	while (!kthread_should_stop()) {
		if (READ_ONCE(dev->failed))
			break;
		schedule_timeout_interruptible(HZ);
	}
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

static void pdev_start(struct pdev *dev, struct qdev *q, struct rdev *r)
{
	dev->brk = kthread_run(brk_fn, dev, "brk");
	dev->jmp = kthread_run(jmp_fn, dev, "jmp");
	dev->cond = kthread_run(cond_fn, dev, "cond");
	dev->copy = kthread_run(copy_fn, dev, "copy");
	dev->xchgd = kthread_run(copy_fn, dev, "xchgd");
	dev->named = kthread_run(named_fn, dev, "named");
	dev->wrapped = kthread_run(wrapped_fn, dev, "wrapped");
	/* Negative: the reference is on this task. */
	dev->ref = kthread_run(copy_fn, dev, "ref");
	if (!IS_ERR(dev->ref))
		get_task_struct(dev->ref);
	/* Negative: one-shot in struct qdev, another thread in struct rdev. */
	q->thread = kthread_run(copy_fn, dev, "q");
	r->thread = kthread_run(stopbrk_fn, dev, "r");
	dev->other = kthread_run(waitstop_fn, dev, "other");
	dev->waiter = kthread_run(waiter_fn, dev, "waiter");
	dev->waitfail = kthread_run(waitfail_fn, dev, "waitfail");
	dev->statedone = kthread_run(statedone_fn, dev, "statedone");
}

static void pdev_stop(struct pdev *dev, struct rdev *r)
{
	struct task_struct *t = dev->copy;
	struct task_struct *x;

	/* A reference on another task does not protect these. */
	get_task_struct(current);
	kthread_stop(dev->brk);
	kthread_stop(dev->jmp);
	kthread_stop(dev->cond);
	kthread_stop(t);
	x = xchg(&dev->xchgd, NULL);
	kthread_stop(x);
	kthread_stop(dev->named);
	kthread_stop(dev->wrapped);
	kthread_stop_put(dev->ref);
	kthread_stop(r->thread);
	kthread_stop(dev->other);
	kthread_stop(dev->waiter);
	kthread_stop(dev->waitfail);
	kthread_stop(dev->statedone);
	put_task_struct(current);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * kthread_stop() use-after-free: exits that only the stop can trigger
 * (failed interruptible waits in a file whose threads take no signal),
 * do { } while (1) loops, breaks of iterator loops, helpers that return
 * nonzero only after their stop loop, tasks in a local initialised in its
 * declaration or in arrays of structures; a positive next to each negative.
 * stop_uaf_signal.c has the same exits in a thread that takes signals.
 */
#include <linux/delay.h>
#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/semaphore.h>
#include <linux/wait.h>

struct ddev {
	struct task_struct *sleeper, *locker, *waiter, *tmo, *downer, *sig;
	struct task_struct *tmobad, *sched, *dowhile, *dobad, *dozero;
	struct task_struct *iter, *iterbad, *val, *valbad, *valbrk;
	struct mutex lock;
	struct semaphore sem;
	wait_queue_head_t wq;
	struct list_head items;
	bool failed, ready;
	int event;
};

struct ditem {
	struct list_head node;
	bool last;
};

static void work(struct ddev *dev);

/* Negative: msleep_interruptible() returns nonzero only on the stop. */
static int sleeper_fn(void *data)
{
	while (!kthread_should_stop()) {
		work(data);
		if (msleep_interruptible(100))
			break;
	}
	return 0;
}

/* Negative: mutex_lock_interruptible() fails only on the stop. */
static int locker_fn(void *data)
{
	struct ddev *dev = data;

	for (;;) {
		wait_event_interruptible(dev->wq, dev->ready ||
					 kthread_should_stop());
		if (kthread_should_stop())
			break;
		if (mutex_lock_interruptible(&dev->lock))
			break;
		work(dev);
		mutex_unlock(&dev->lock);
	}
	return 0;
}

/* Negative: the result of wait_event_interruptible(), returned. */
static int waiter_fn(void *data)
{
	struct ddev *dev = data;
	int ret;

	while (!kthread_should_stop()) {
		ret = wait_event_interruptible(dev->wq, dev->ready);
		if (ret)
			return ret;
		work(dev);
	}
	return 0;
}

/* Negative: a timeout wait is negative only on the stop. */
static int tmo_fn(void *data)
{
	struct ddev *dev = data;

	while (!kthread_should_stop()) {
		if (wait_event_interruptible_timeout(dev->wq, dev->ready, HZ) < 0)
			break;
		work(dev);
	}
	return 0;
}

/* Negative: down_interruptible() fails only on the stop, then cleanup. */
static int downer_fn(void *data)
{
	struct ddev *dev = data;

	while (!kthread_should_stop()) {
		if (down_interruptible(&dev->sem)) {
			work(dev);
			goto out;
		}
		work(dev);
	}
out:
	return 0;
}

/* Negative: a pending signal is the stop in a thread that takes none. */
static int sig_fn(void *data)
{
	while (!kthread_should_stop()) {
		work(data);
		schedule_timeout_interruptible(HZ);
		if (signal_pending(current))
			break;
	}
	return 0;
}

/* Positive: a timeout wait is also nonzero when the condition is true. */
static int tmobad_fn(void *data)
{
	struct ddev *dev = data;

	while (!kthread_should_stop()) {
		if (wait_event_interruptible_timeout(dev->wq, dev->failed, HZ))
			break;
		work(dev);
	}
	return 0;
}

/* Positive: schedule_timeout_interruptible() ends on any wake-up. */
static int sched_fn(void *data)
{
	while (!kthread_should_stop()) {
		work(data);
		if (schedule_timeout_interruptible(HZ))
			break;
	}
	return 0;
}

/* Negative: do { } while (1) left only by a break after a true test. */
static int dowhile_fn(void *data)
{
	struct ddev *dev = data;

	do {
		wait_event_interruptible(dev->wq, dev->event ||
					 kthread_should_stop());
		if (kthread_should_stop())
			break;
		switch (dev->event) {
		case 0:
			break;
		default:
			work(dev);
			break;
		}
	} while (1);

	return 0;
}

/* Positive: the same loop also breaks out on an error. */
static int dobad_fn(void *data)
{
	struct ddev *dev = data;

	do {
		wait_event_interruptible(dev->wq, dev->event ||
					 kthread_should_stop());
		if (kthread_should_stop())
			break;
		if (READ_ONCE(dev->failed))
			break;
		work(dev);
	} while (1);

	return 0;
}

/* Positive: do { } while (0) is no loop. */
static int dozero_fn(void *data)
{
	do {
		work(data);
	} while (0);
	return 0;
}

/* Negative: the break leaves the list loop, not the stop loop. */
static int iter_fn(void *data)
{
	struct ddev *dev = data;
	struct ditem *it;

	while (!kthread_should_stop()) {
		list_for_each_entry(it, &dev->items, node) {
			if (it->last)
				break;
			work(dev);
		}
		schedule_timeout_interruptible(HZ);
	}
	return 0;
}

/* Positive: a break of the stop loop after a list loop. */
static int iterbad_fn(void *data)
{
	struct ddev *dev = data;
	struct ditem *it;

	while (!kthread_should_stop()) {
		list_for_each_entry(it, &dev->items, node)
			work(dev);
		if (READ_ONCE(dev->failed))
			break;
		schedule_timeout_interruptible(HZ);
	}
	return 0;
}

/* Returns 0 with work to do, -1 only once its stop loop has ended. */
static int wait_work(struct ddev *dev)
{
	set_current_state(TASK_INTERRUPTIBLE);
	while (!kthread_should_stop()) {
		if (READ_ONCE(dev->ready)) {
			__set_current_state(TASK_RUNNING);
			return 0;
		}
		schedule();
		set_current_state(TASK_INTERRUPTIBLE);
	}
	__set_current_state(TASK_RUNNING);
	return -1;
}

/* Also returns -1 when the device failed: no stop test. */
static int wait_work_or_fail(struct ddev *dev)
{
	if (READ_ONCE(dev->failed))
		return -1;
	while (!kthread_should_stop()) {
		if (READ_ONCE(dev->ready))
			return 0;
		schedule_timeout_interruptible(HZ);
	}
	return -1;
}

/* Its loop can also be left by a break: no stop test. */
static int wait_work_brk(struct ddev *dev)
{
	while (!kthread_should_stop()) {
		if (READ_ONCE(dev->ready))
			return 0;
		if (READ_ONCE(dev->failed))
			break;
		schedule_timeout_interruptible(HZ);
	}
	return -1;
}

/* Negative: wait_work() is nonzero only once the stop is true. */
static int val_fn(void *data)
{
	while (!wait_work(data))
		work(data);
	return 0;
}

/* Positive: wait_work_or_fail() is also nonzero on dev->failed. */
static int valbad_fn(void *data)
{
	while (!wait_work_or_fail(data))
		work(data);
	return 0;
}

/* Positive: wait_work_brk() is also nonzero on dev->failed. */
static int valbrk_fn(void *data)
{
	while (!wait_work_brk(data))
		work(data);
	return 0;
}

/* One-shot threads. */
static int once_fn(void *data)
{
	work(data);
	return 0;
}

static int ref_fn(void *data)
{
	work(data);
	return 0;
}

static void ddev_start(struct ddev *dev)
{
	dev->sleeper = kthread_run(sleeper_fn, dev, "sleeper");
	dev->locker = kthread_run(locker_fn, dev, "locker");
	dev->waiter = kthread_run(waiter_fn, dev, "waiter");
	dev->tmo = kthread_run(tmo_fn, dev, "tmo");
	dev->downer = kthread_run(downer_fn, dev, "downer");
	dev->sig = kthread_run(sig_fn, dev, "sig");
	dev->tmobad = kthread_run(tmobad_fn, dev, "tmobad");
	dev->sched = kthread_run(sched_fn, dev, "sched");
	dev->dowhile = kthread_run(dowhile_fn, dev, "dowhile");
	dev->dobad = kthread_run(dobad_fn, dev, "dobad");
	dev->dozero = kthread_run(dozero_fn, dev, "dozero");
	dev->iter = kthread_run(iter_fn, dev, "iter");
	dev->iterbad = kthread_run(iterbad_fn, dev, "iterbad");
	dev->val = kthread_run(val_fn, dev, "val");
	dev->valbad = kthread_run(valbad_fn, dev, "valbad");
	dev->valbrk = kthread_run(valbrk_fn, dev, "valbrk");
}

static void ddev_stop(struct ddev *dev)
{
	kthread_stop(dev->sleeper);
	kthread_stop(dev->locker);
	kthread_stop(dev->waiter);
	kthread_stop(dev->tmo);
	kthread_stop(dev->downer);
	kthread_stop(dev->sig);
	kthread_stop(dev->tmobad);
	kthread_stop(dev->sched);
	kthread_stop(dev->dowhile);
	kthread_stop(dev->dobad);
	kthread_stop(dev->dozero);
	kthread_stop(dev->iter);
	kthread_stop(dev->iterbad);
	kthread_stop(dev->val);
	kthread_stop(dev->valbad);
	kthread_stop(dev->valbrk);
}

/* Positive: kept in a local initialised in its declaration. */
static int once_run(struct ddev *dev)
{
	struct task_struct *t = kthread_run(once_fn, dev, "once");

	if (IS_ERR(t))
		return PTR_ERR(t);
	wait_event_interruptible(dev->wq, dev->ready);
	return kthread_stop(t);
}

/* Negative: the same, created and stopped before any wake-up. */
static int once_abort(struct ddev *dev)
{
	struct task_struct *t = kthread_create(once_fn, dev, "abort");

	if (IS_ERR(t))
		return PTR_ERR(t);
	if (READ_ONCE(dev->failed))
		return kthread_stop(t);
	wake_up_process(t);
	return 0;
}

/* Negative: the same, with a reference on the task. */
static int once_ref(struct ddev *dev)
{
	struct task_struct *t = kthread_run(ref_fn, dev, "ref");
	int ret;

	if (IS_ERR(t))
		return PTR_ERR(t);
	get_task_struct(t);
	wait_event_interruptible(dev->wq, dev->ready);
	ret = kthread_stop(t);
	put_task_struct(t);
	return ret;
}

/* Tasks kept in channels, stopped through arrays of channels. */
struct dchan {
	struct task_struct *task;
};

struct ochan {
	struct task_struct *task;
};

struct dctrl {
	int n;
	struct ochan others[4];
	struct dchan chans[];
};

static int chan_fn(void *data)
{
	work(data);
	return 0;
}

static void chan_start(struct dchan *chan)
{
	chan->task = kthread_run(chan_fn, chan, "chan");
}

static void chan_stop(struct dctrl *ctrl, int i)
{
	/* Positive: an element of an array of struct dchan. */
	kthread_stop(ctrl->chans[i].task);
	/* Negative: the same field name in another structure. */
	kthread_stop(ctrl->others[i].task);
}

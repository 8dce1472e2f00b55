// SPDX-License-Identifier: GPL-2.0
/* Rule 4: kthread_stop() on a thread that can return on its own. */
#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/slab.h>
#include <linux/wait.h>

struct my_dev {
	struct task_struct *oneshot, *worker, *early, *good;
	wait_queue_head_t wq;
	bool failed;
};

static void do_once(struct my_dev *dev);

/* Returns when done: the task may be freed before kthread_stop(). */
static int oneshot_fn(void *data)
{
	do_once(data);
	return 0;
}

/* Returns on an error while nobody has asked it to stop. */
static int worker_fn(void *data)
{
	struct my_dev *dev = data;

	while (!kthread_should_stop()) {
		if (READ_ONCE(dev->failed))
			return -EIO;
		wait_event_interruptible(dev->wq, READ_ONCE(dev->failed) ||
					 kthread_should_stop());
	}
	return 0;
}

/* Returns early if its allocation fails. */
static int early_fn(void *data)
{
	struct my_dev *dev = data;
	void *buf = kmalloc(64, GFP_KERNEL);

	if (!buf)
		return -ENOMEM;
	while (!kthread_should_stop())
		wait_event_interruptible(dev->wq, kthread_should_stop());
	kfree(buf);
	return 0;
}

static bool my_should_stop(struct my_dev *dev)
{
	return kthread_should_stop() || READ_ONCE(dev->failed);
}

/* Negative: returns only once kthread_should_stop() is true. */
static int good_fn(void *data)
{
	struct my_dev *dev = data;

	while (!kthread_should_stop()) {
		wait_event_interruptible(dev->wq, kthread_should_stop());
		if (kthread_should_stop())
			return 0;
	}
	return 0;
}

/*
 * Positive: my_should_stop() is also true on dev->failed, so this thread
 * can return without being stopped (a helper named *should_stop is not a
 * stop test).
 */
static int helper_fn(void *data)
{
	struct my_dev *dev = data;

	for (;;) {
		wait_event_interruptible(dev->wq, my_should_stop(dev));
		if (my_should_stop(dev))
			break;
	}
	return 0;
}

static int my_start(struct my_dev *dev)
{
	struct task_struct *t;

	dev->oneshot = kthread_run(oneshot_fn, dev, "oneshot");
	dev->worker = kthread_run(worker_fn, dev, "worker");
	dev->early = kthread_run(early_fn, dev, "early");
	dev->good = kthread_run(good_fn, dev, "good");

	/* Negative: stopped before it was ever woken, threadfn never runs. */
	t = kthread_create(oneshot_fn, dev, "never");
	if (IS_ERR(t))
		return PTR_ERR(t);
	if (READ_ONCE(dev->failed)) {
		kthread_stop(t);
		return -EIO;
	}
	wake_up_process(t);

	t = kthread_run(helper_fn, dev, "helper");
	if (IS_ERR(t))
		return PTR_ERR(t);
	kthread_stop(t);
	return 0;
}

/* The same with a local variable: the one-shot may be gone by now. */
static int my_run_once(struct my_dev *dev)
{
	struct task_struct *t;

	t = kthread_run(oneshot_fn, dev, "once");
	if (IS_ERR(t))
		return PTR_ERR(t);
	wait_event_interruptible(dev->wq, READ_ONCE(dev->failed));
	return kthread_stop(t);
}

static void my_stop(struct my_dev *priv)
{
	kthread_stop(priv->oneshot);
	kthread_stop(priv->worker);
	kthread_stop(priv->early);
	kthread_stop(priv->good);
}

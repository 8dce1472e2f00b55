// SPDX-License-Identifier: GPL-2.0
/*
 * Rule 4 negative: the sample's one-shot pattern, a reference taken with
 * get_task_struct() before the wake-up and kthread_stop_put().
 */
#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/sched/task.h>

static struct task_struct *oneshot;

static int oneshot_fn(void *data)
{
	return 42;
}

static int oneshot_start(void)
{
	struct task_struct *t;

	t = kthread_create(oneshot_fn, NULL, "oneshot");
	if (IS_ERR(t))
		return PTR_ERR(t);
	get_task_struct(t);
	oneshot = t;
	wake_up_process(t);
	return 0;
}

static int oneshot_reap(void)
{
	return kthread_stop_put(oneshot);
}

/* A kthread_worker: kthread_destroy_worker() does the stop. */
static struct kthread_worker *kw;

static int kw_start(void)
{
	kw = kthread_run_worker(0, "kw");
	return PTR_ERR_OR_ZERO(kw);
}

static void kw_stop(void)
{
	kthread_destroy_worker(kw);
}

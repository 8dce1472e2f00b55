// SPDX-License-Identifier: GPL-2.0
/* Rule 5: a thread function that exits by hand while it is kthread_stop()ed. */
#include <linux/completion.h>
#include <linux/kthread.h>

static struct task_struct *exiter, *notifier;
static DECLARE_COMPLETION(notifier_done);
static void do_once(void);

/* Positive: ends with kthread_exit() and its creator kthread_stop()s it. */
static int exiter_fn(void *data)
{
	do_once();
	kthread_exit(0);
}

/* Negative: nobody kthread_stop()s it, the creator waits for the completion. */
static int notifier_fn(void *data)
{
	do_once();
	kthread_complete_and_exit(&notifier_done, 0);
}

static void start(void)
{
	exiter = kthread_run(exiter_fn, NULL, "exiter");
	notifier = kthread_run(notifier_fn, NULL, "notifier");
}

static void stop(void)
{
	kthread_stop(exiter);
	wait_for_completion(&notifier_done);
}

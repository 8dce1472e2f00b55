// SPDX-License-Identifier: GPL-2.0
/* A thread that ends with complete(); return, waited for in module exit. */
#include <linux/completion.h>
#include <linux/kthread.h>
#include <linux/module.h>

static DECLARE_COMPLETION(done);
static DECLARE_COMPLETION(done2);
static DECLARE_COMPLETION(done3);
static DECLARE_COMPLETION(started);
static DECLARE_COMPLETION(done4);
static DECLARE_COMPLETION(done5);
static void work(void);

/* Positive: module exit waits for "done", then the module text goes. */
static int ender_fn(void *data)
{
	work();
	complete(&done);
	return 0;
}

/* Positive: the wait is in a function called by module exit. */
static int ender2_fn(void *data)
{
	work();
	complete_all(&done2);
	return 0;
}

/* Negative: kthread_complete_and_exit() completes and exits from the core. */
static int good_fn(void *data)
{
	work();
	kthread_complete_and_exit(&done3, 0);
}

/* Negative: complete() of a start handshake, then the thread goes on. */
static int handshake_fn(void *data)
{
	complete(&started);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

/* Positive: the waiting helper is called twice by module exit: one report. */
static int ender4_fn(void *data)
{
	work();
	complete(&done4);
	return 0;
}

/* Negative: only a helper that module exit does not call waits for done5. */
static int ender5_fn(void *data)
{
	work();
	complete(&done5);
	return 0;
}

static void ce_wait5(void)
{
	wait_for_completion(&done5);
}


static int __init ce_init(void)
{
	kthread_run(ender_fn, NULL, "ender");
	kthread_run(ender2_fn, NULL, "ender2");
	kthread_run(good_fn, NULL, "good");
	kthread_run(handshake_fn, NULL, "handshake");
	kthread_run(ender4_fn, NULL, "ender4");
	kthread_run(ender5_fn, NULL, "ender5");
	ce_wait5();
	wait_for_completion(&started);
	return 0;
}

static void ce_wait2(void)
{
	wait_for_completion(&done2);
}

static void ce_wait4(void)
{
	wait_for_completion_interruptible(&done4);
}

static void __exit ce_exit(void)
{
	wait_for_completion(&done);
	ce_wait2();
	wait_for_completion(&done3);
	ce_wait4();
	if (!completion_done(&done4))
		ce_wait4();
}

module_init(ce_init);
module_exit(ce_exit);
MODULE_LICENSE("GPL");

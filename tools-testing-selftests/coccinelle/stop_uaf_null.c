// SPDX-License-Identifier: GPL-2.0
/*
 * kthread_stop() use-after-free: a thread that returns once a helper has
 * waited in an infinite loop left only on the stop or on a NULL that
 * another helper returns only on the stop (a work queue's runner); a
 * positive next to each negative.
 */
#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/wait.h>

struct nitem;

struct nqueue {
	struct task_struct *runner, *tmorun, *polled, *early, *inret;
	struct task_struct *reset, *plain, *cond, *nullret, *before;
	struct task_struct *loop, *loopfail, *elsed, *exiter, *jumper;
	struct task_struct *counted;
	wait_queue_head_t wq;
	bool failed;
};

static struct nitem *poll_item(struct nqueue *q);
static void process_item(struct nqueue *q, struct nitem *item);

/* NULL only once kthread_should_stop() was true. */
static struct nitem *wait_next(struct nqueue *q)
{
	struct nitem *item;
	DEFINE_WAIT(wait);

	while (true) {
		prepare_to_wait(&q->wq, &wait, TASK_INTERRUPTIBLE);
		item = poll_item(q);
		if (item != NULL)
			break;
		if (kthread_should_stop())
			break;
		schedule();
		item = poll_item(q);
		if (item)
			break;
	}
	finish_wait(&q->wq, &wait);
	return item;
}

/* Not such a helper: NULL also on dev->failed. */
static struct nitem *wait_next_or_fail(struct nqueue *q)
{
	struct nitem *item;

	for (;;) {
		item = poll_item(q);
		if (item != NULL)
			break;
		if (kthread_should_stop())
			break;
		if (READ_ONCE(q->failed))
			break;
		schedule_timeout_interruptible(HZ);
	}
	return item;
}

/* Not such a helper: the item is dropped after the loop. */
static struct nitem *wait_next_reset(struct nqueue *q)
{
	struct nitem *item;

	while (1) {
		item = poll_item(q);
		if (item)
			break;
		if (kthread_should_stop())
			break;
		schedule_timeout_interruptible(HZ);
	}
	if (READ_ONCE(q->failed))
		item = NULL;
	return item;
}

/* Not such a helper: returns NULL from inside its loop. */
static struct nitem *wait_next_ret(struct nqueue *q)
{
	struct nitem *item;

	while (true) {
		item = poll_item(q);
		if (item)
			break;
		if (READ_ONCE(q->failed))
			return NULL;
		if (kthread_should_stop())
			break;
		schedule_timeout_interruptible(HZ);
	}
	return item;
}

/* Returns only once the stop is true. */
static void service(struct nqueue *q)
{
	while (true) {
		struct nitem *item = poll_item(q);

		if (item == NULL)
			item = wait_next(q);
		if (item == NULL)
			break;
		process_item(q, item);
		cond_resched();
	}
	wake_up(&q->wq);
}

/* Negative: returns only after service(), that is after the stop. */
static int runner_fn(void *data)
{
	service(data);
	return 0;
}

/* Positive: the same runner, but it can return before service(). */
static int before_fn(void *data)
{
	struct nqueue *q = data;

	if (READ_ONCE(q->failed))
		return -EIO;
	service(q);
	return 0;
}

/* Returns only once the stop is true, with a count. */
static int service_count(struct nqueue *q)
{
	struct nitem *item;
	int n = 0;

	for (;;) {
		item = wait_next(q);
		if (!item)
			break;
		process_item(q, item);
		n++;
	}
	return n;
}

/* Negative: returns after service_count(), after the stop. */
static int counted_fn(void *data)
{
	int n;

	n = service_count(data);
	return n ? 0 : -ENODATA;
}

/* Positive: its helper also returns NULL on a failure. */
static void service_tmo(struct nqueue *q)
{
	for (;;) {
		struct nitem *item = wait_next_or_fail(q);

		if (!item)
			break;
		process_item(q, item);
	}
}

static int tmorun_fn(void *data)
{
	service_tmo(data);
	return 0;
}

/* Positive: the break tests what poll_item() returned. */
static void service_polled(struct nqueue *q)
{
	struct nitem *item;

	while (1) {
		item = wait_next(q);
		if (!item)
			break;
		process_item(q, item);
		item = poll_item(q);
		if (item == NULL)
			break;
		process_item(q, item);
	}
}

static int polled_fn(void *data)
{
	service_polled(data);
	return 0;
}

/* Positive: returns before its loop on a failure. */
static void service_early(struct nqueue *q)
{
	struct nitem *item;

	if (READ_ONCE(q->failed))
		return;
	while (1) {
		item = wait_next(q);
		if (!item)
			break;
		process_item(q, item);
	}
}

static int early_fn(void *data)
{
	service_early(data);
	return 0;
}

/* Positive: returns from inside its loop. */
static int service_inret(struct nqueue *q)
{
	struct nitem *item;

	for (;;) {
		item = wait_next(q);
		if (!item)
			break;
		if (READ_ONCE(q->failed))
			return -EIO;
		process_item(q, item);
	}
	return 0;
}

static int inret_fn(void *data)
{
	return service_inret(data);
}

/* Positive: its helper can drop the item after the loop. */
static void service_reset(struct nqueue *q)
{
	struct nitem *item;

	for (;;) {
		item = wait_next_reset(q);
		if (!item)
			break;
		process_item(q, item);
	}
}

static int reset_fn(void *data)
{
	service_reset(data);
	return 0;
}

/* Positive: skips its loop on a failure. */
static void service_cond(struct nqueue *q)
{
	struct nitem *item;

	if (READ_ONCE(q->failed)) {
		wake_up(&q->wq);
	} else {
		while (1) {
			item = wait_next(q);
			if (!item)
				break;
			process_item(q, item);
		}
	}
}

static int cond_fn(void *data)
{
	service_cond(data);
	return 0;
}

/* Positive: its helper returns NULL on a failure. */
static void service_nullret(struct nqueue *q)
{
	struct nitem *item;

	for (;;) {
		item = wait_next_ret(q);
		if (item == NULL)
			break;
		process_item(q, item);
	}
}

static int nullret_fn(void *data)
{
	service_nullret(data);
	return 0;
}

/* Negative: the same loop in the thread itself. */
static int loop_fn(void *data)
{
	struct nqueue *q = data;

	for (;;) {
		struct nitem *item = wait_next(q);

		if (!item)
			break;
		process_item(q, item);
	}
	return 0;
}

/* Positive: the same, but it also leaves the loop on a failure. */
static int loopfail_fn(void *data)
{
	struct nqueue *q = data;

	for (;;) {
		struct nitem *item = wait_next(q);

		if (!item)
			break;
		if (READ_ONCE(q->failed))
			break;
		process_item(q, item);
	}
	return 0;
}

/* Positive: the NULL it breaks on can come from its else branch. */
static void service_else(struct nqueue *q)
{
	while (true) {
		struct nitem *item = poll_item(q);

		if (item == NULL)
			item = wait_next(q);
		else if (READ_ONCE(q->failed))
			item = NULL;
		if (item == NULL)
			break;
		process_item(q, item);
	}
}

static int elsed_fn(void *data)
{
	service_else(data);
	return 0;
}

/* Positive: can end the thread from inside its loop. */
static void service_exit(struct nqueue *q)
{
	while (true) {
		struct nitem *item = wait_next(q);

		if (item == NULL)
			break;
		if (READ_ONCE(q->failed))
			kthread_exit(-EIO);
		process_item(q, item);
	}
}

static int exiter_fn(void *data)
{
	service_exit(data);
	return 0;
}

/* Positive: can leave its loop by goto. */
static void service_goto(struct nqueue *q)
{
	while (true) {
		struct nitem *item = wait_next(q);

		if (item == NULL)
			break;
		if (READ_ONCE(q->failed))
			goto out;
		process_item(q, item);
	}
out:
	wake_up(&q->wq);
}

static int jumper_fn(void *data)
{
	service_goto(data);
	return 0;
}

/* Positive: the plain shape of the bug, a one-shot job. */
static int plain_fn(void *data)
{
	struct nitem *item = poll_item(data);

	if (item)
		process_item(data, item);
	return 0;
}

static void nqueue_start(struct nqueue *q)
{
	q->runner = kthread_run(runner_fn, q, "runner");
	q->tmorun = kthread_run(tmorun_fn, q, "tmorun");
	q->polled = kthread_run(polled_fn, q, "polled");
	q->early = kthread_run(early_fn, q, "early");
	q->inret = kthread_run(inret_fn, q, "inret");
	q->reset = kthread_run(reset_fn, q, "reset");
	q->plain = kthread_run(plain_fn, q, "plain");
	q->cond = kthread_run(cond_fn, q, "cond");
	q->nullret = kthread_run(nullret_fn, q, "nullret");
	q->before = kthread_run(before_fn, q, "before");
	q->loop = kthread_run(loop_fn, q, "loop");
	q->loopfail = kthread_run(loopfail_fn, q, "loopfail");
	q->elsed = kthread_run(elsed_fn, q, "elsed");
	q->exiter = kthread_run(exiter_fn, q, "exiter");
	q->jumper = kthread_run(jumper_fn, q, "jumper");
	q->counted = kthread_run(counted_fn, q, "counted");
}

static void nqueue_stop(struct nqueue *q)
{
	kthread_stop(q->runner);
	kthread_stop(q->tmorun);
	kthread_stop(q->polled);
	kthread_stop(q->early);
	kthread_stop(q->inret);
	kthread_stop(q->reset);
	kthread_stop(q->plain);
	kthread_stop(q->cond);
	kthread_stop(q->nullret);
	kthread_stop(q->before);
	kthread_stop(q->loop);
	kthread_stop(q->loopfail);
	kthread_stop(q->elsed);
	kthread_stop(q->exiter);
	kthread_stop(q->jumper);
	kthread_stop(q->counted);
}

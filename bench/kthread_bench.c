// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark of kthread waiting patterns.
 *
 * Loading the module runs the benchmark; insmod returns when it is done.
 * It measures, it does not judge: it prints key=value lines that
 * kthread_bench.sh turns into a table.
 *
 * A controller thread bound to ctl_cpu does all the work.  Each pattern is
 * a thread that waits for work in one way, and every pattern is measured
 * the same way:
 *
 * - latency runs ("runs" per pattern and placement, the patterns
 *   interleaved, after one unrecorded warm-up round): start the thread on
 *   thread_cpu ("other") or on ctl_cpu ("same"), let it settle in its
 *   wait, post one work item and time until the thread runs it ("kick to
 *   run"), let it settle again, then time kthread_stop();
 * - idle windows ("windows" per pattern, thread on thread_cpu): start the
 *   thread, let it settle, then read its context switches (nvcsw +
 *   nivcsw), the loop's own iteration counter and its CPU time
 *   (se.sum_exec_runtime) before and after idle_ms (hog_ms for the busy
 *   loop), and stop it.
 *
 * The kthread_worker is stopped like the others, with kthread_stop() of
 * its task; kthread_destroy_worker() does kthread_flush_worker() first,
 * which is timed apart ("worker_flush"), then kfree() as it does.  The
 * completion pattern cannot see kthread_stop()'s wake-up, so its stop is
 * a flag and complete() before kthread_stop(), all timed.
 * Every thread is named "ktb_*"; none is left behind on any error.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/err.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/wait.h>

#define KTB_RUNS_MAX		1000
#define KTB_WINDOWS_MAX		100
#define KTB_WINDOW_MS_MIN	100
#define KTB_WINDOW_MS_MAX	60000
#define KTB_POLL_MS_MAX		1000
#define KTB_PHASE_MS_MAX	1000
#define KTB_SETTLE_MS		20	/* fixed part of the settle delay */
#define KTB_TIMEOUT_MS		5000	/* to start, to sleep, to run work */

static unsigned int runs = 9;
module_param(runs, uint, 0444);
MODULE_PARM_DESC(runs, "Latency runs per pattern and placement (1..1000)");

static unsigned int windows = 3;
module_param(windows, uint, 0444);
MODULE_PARM_DESC(windows, "Idle windows per pattern (1..100)");

static unsigned int idle_ms = 5000;
module_param(idle_ms, uint, 0444);
MODULE_PARM_DESC(idle_ms, "Idle window, ms (100..60000)");

static unsigned int hog_ms = 1000;
module_param(hog_ms, uint, 0444);
MODULE_PARM_DESC(hog_ms, "Idle window of the busy loop, a CPU hog, ms (100..60000)");

static unsigned int poll_ms = 1;
module_param(poll_ms, uint, 0444);
MODULE_PARM_DESC(poll_ms, "Period of the polling loops, ms (1..1000)");

static unsigned int phase_ms = 20;
module_param(phase_ms, uint, 0444);
MODULE_PARM_DESC(phase_ms, "Random extra settle time, below this many ms (0..1000)");

static unsigned int ctl_cpu;
module_param(ctl_cpu, uint, 0444);
MODULE_PARM_DESC(ctl_cpu, "CPU of the measuring thread (online, not thread_cpu)");

static unsigned int thread_cpu = 1;
module_param(thread_cpu, uint, 0444);
MODULE_PARM_DESC(thread_cpu, "CPU of the measured threads (online, not ctl_cpu)");

/* One measured thread: the work it waits for and how it is woken. */
struct ktb_ctx {
	wait_queue_head_t wq;
	struct completion started;
	struct completion kick;		/* the completion pattern's wait */
	struct completion ack;		/* the thread ran the work item */
	struct kthread_work kwork;	/* the worker pattern's work item */
	struct kthread_worker *worker;
	struct task_struct *task;
	unsigned long loops;		/* iterations of the wait loop */
	u64 seen_ns;			/* when the thread ran the work */
	bool work;
	bool stop;			/* the completion pattern's stop */
};

static void ktb_do_work(struct ktb_ctx *c)
{
	if (!READ_ONCE(c->work))
		return;
	WRITE_ONCE(c->work, false);
	c->seen_ns = ktime_get_ns();
	complete(&c->ack);
}

static void ktb_loop(struct ktb_ctx *c)
{
	WRITE_ONCE(c->loops, c->loops + 1);
}

/* Sleeps until woken: the stop is part of the wait condition. */
static int ktb_wait_event_fn(void *data)
{
	struct ktb_ctx *c = data;

	complete(&c->started);
	while (!kthread_should_stop()) {
		wait_event_interruptible(c->wq, READ_ONCE(c->work) ||
					 kthread_should_stop());
		ktb_do_work(c);
		ktb_loop(c);
	}
	return 0;
}

/* Sleeps until woken: the state is set before the tests. */
static int ktb_set_state_fn(void *data)
{
	struct ktb_ctx *c = data;

	complete(&c->started);
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (kthread_should_stop())
			break;
		if (READ_ONCE(c->work)) {
			__set_current_state(TASK_RUNNING);
			ktb_do_work(c);
		} else {
			schedule();
		}
		ktb_loop(c);
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

/* Sleeps until complete(): kthread_stop()'s wake-up alone is not seen. */
static int ktb_completion_fn(void *data)
{
	struct ktb_ctx *c = data;

	complete(&c->started);
	for (;;) {
		if (wait_for_completion_interruptible(&c->kick))
			break;		/* a signal: not sent here */
		if (READ_ONCE(c->stop) || kthread_should_stop())
			break;
		ktb_do_work(c);
		ktb_loop(c);
	}
	return 0;
}

/* Polls every poll_ms; the stop's wake-up ends the sleep early. */
static int ktb_timeout_fn(void *data)
{
	struct ktb_ctx *c = data;

	complete(&c->started);
	while (!kthread_should_stop()) {
		schedule_timeout_interruptible(msecs_to_jiffies(poll_ms));
		ktb_do_work(c);
		ktb_loop(c);
	}
	return 0;
}

/* Polls every poll_ms; msleep() sleeps on through the stop's wake-up. */
static int ktb_msleep_fn(void *data)
{
	struct ktb_ctx *c = data;

	complete(&c->started);
	while (!kthread_should_stop()) {
		msleep(poll_ms);
		ktb_do_work(c);
		ktb_loop(c);
	}
	return 0;
}

/* The same: msleep_interruptible() returns early on a signal only. */
static int ktb_msleep_int_fn(void *data)
{
	struct ktb_ctx *c = data;

	complete(&c->started);
	while (!kthread_should_stop()) {
		msleep_interruptible(poll_ms);
		ktb_do_work(c);
		ktb_loop(c);
	}
	return 0;
}

/* Never sleeps: schedule() in TASK_RUNNING returns at once. */
static int ktb_busy_fn(void *data)
{
	struct ktb_ctx *c = data;

	complete(&c->started);
	while (!kthread_should_stop()) {
		schedule();
		ktb_do_work(c);
		ktb_loop(c);
	}
	return 0;
}

static void ktb_worker_fn(struct kthread_work *work)
{
	ktb_do_work(container_of(work, struct ktb_ctx, kwork));
}

/* Post one work item the way the pattern is woken (polling: not at all). */
static void ktb_kick_flag(struct ktb_ctx *c)
{
	WRITE_ONCE(c->work, true);
}

static void ktb_kick_wq(struct ktb_ctx *c)
{
	WRITE_ONCE(c->work, true);
	wake_up_interruptible(&c->wq);
}

static void ktb_kick_task(struct ktb_ctx *c)
{
	WRITE_ONCE(c->work, true);
	wake_up_process(c->task);
}

static void ktb_kick_completion(struct ktb_ctx *c)
{
	WRITE_ONCE(c->work, true);
	complete(&c->kick);
}

static void ktb_kick_worker(struct ktb_ctx *c)
{
	WRITE_ONCE(c->work, true);
	kthread_queue_work(c->worker, &c->kwork);
}

enum { KTB_OTHER, KTB_SAME, KTB_PLACES };
enum { KTB_KICK, KTB_STOP, KTB_FLUSH, KTB_LATS };
enum { KTB_CSW, KTB_LOOPS, KTB_CPU, KTB_IDLES };

static const char * const ktb_place_names[KTB_PLACES] = { "other", "same" };
static const char * const ktb_lat_names[KTB_LATS] = { "kick", "stop", "flush" };
static const char * const ktb_idle_names[KTB_IDLES] = { "csw", "loops", "cpu" };

struct ktb_pattern {
	const char *name;
	int (*fn)(void *data);		/* NULL: a kthread_worker */
	void (*kick)(struct ktb_ctx *c);
	bool sleeps;			/* settles off the runqueue */
	bool hog;			/* idle window of hog_ms */
	u64 *lat[KTB_PLACES][KTB_LATS];	/* ns, one per run */
	u64 *idle[KTB_IDLES];		/* per second x 1000, one per window */
};

static struct ktb_pattern ktb_patterns[] = {
	{ "wait_event",	ktb_wait_event_fn, ktb_kick_wq,		true },
	{ "set_state",	ktb_set_state_fn,  ktb_kick_task,	true },
	{ "completion",	ktb_completion_fn, ktb_kick_completion,	true },
	{ "worker",	NULL,		   ktb_kick_worker,	true },
	{ "timeout",	ktb_timeout_fn,	   ktb_kick_flag,	false },
	{ "msleep",	ktb_msleep_fn,	   ktb_kick_flag,	false },
	{ "msleep_int",	ktb_msleep_int_fn, ktb_kick_flag,	false },
	{ "busy",	ktb_busy_fn,	   ktb_kick_flag,	false, true },
};

#define KTB_END (ktb_patterns + ARRAY_SIZE(ktb_patterns))

static void ktb_ctx_init(struct ktb_ctx *c)
{
	memset(c, 0, sizeof(*c));
	init_waitqueue_head(&c->wq);
	init_completion(&c->started);
	init_completion(&c->kick);
	init_completion(&c->ack);
	kthread_init_work(&c->kwork, ktb_worker_fn);
}

/* Sleep @ms, or less if the controller is being stopped. */
static void ktb_sleep(unsigned int ms)
{
	long left = msecs_to_jiffies(ms);

	while (left > 0 && !kthread_should_stop())
		left = schedule_timeout_interruptible(left);
}

/* The stop of every pattern, timed by the caller. */
static int ktb_stop(struct ktb_ctx *c)
{
	int ret;

	/* The completion pattern's stop; the others never look at it. */
	WRITE_ONCE(c->stop, true);
	complete(&c->kick);
	ret = kthread_stop(c->task);
	if (c->worker) {
		/* The rest of kthread_destroy_worker(), after its stop. */
		kfree(c->worker);
		c->worker = NULL;
	}
	return ret;
}

/* Start the pattern's thread on @cpu and wait until it runs. */
static int ktb_start(const struct ktb_pattern *pt, struct ktb_ctx *c,
		     unsigned int cpu)
{
	struct kthread_worker *w;
	struct task_struct *p;

	ktb_ctx_init(c);
	if (!pt->fn) {
		w = kthread_run_worker_on_cpu(cpu, 0, "ktb_worker/%u");
		if (IS_ERR(w)) {
			pr_err("%s: kthread_run_worker_on_cpu() failed: %ld\n",
			       pt->name, PTR_ERR(w));
			return PTR_ERR(w);
		}
		c->worker = w;
		c->task = w->task;
		return 0;
	}
	p = kthread_create(pt->fn, c, "ktb_%s", pt->name);
	if (IS_ERR(p)) {
		pr_err("%s: kthread_create() failed: %ld\n", pt->name, PTR_ERR(p));
		return PTR_ERR(p);
	}
	c->task = p;
	kthread_bind(p, cpu);
	wake_up_process(p);
	if (!wait_for_completion_timeout(&c->started,
					 msecs_to_jiffies(KTB_TIMEOUT_MS))) {
		pr_err("%s: thread did not start\n", pt->name);
		ktb_stop(c);
		return -ETIMEDOUT;
	}
	return 0;
}

/*
 * Let the thread reach its idle wait: a fixed delay plus a random phase
 * (so that a kick or a stop does not always hit a polling loop at the
 * same point of its period; on a high-resolution timer, as the polling
 * loops' timeouts and ktb_sleep() end on ticks), then, for a pattern that
 * sleeps until it is woken, until it is off the runqueue.
 */
static int ktb_settle(const struct ktb_pattern *pt, struct ktb_ctx *c)
{
	unsigned long end = jiffies + msecs_to_jiffies(KTB_TIMEOUT_MS);
	u32 us = phase_ms ? get_random_u32_below(phase_ms * USEC_PER_MSEC) : 0;

	ktb_sleep(KTB_SETTLE_MS);
	usleep_range(us, us + 1);
	while (pt->sleeps &&
	       (task_is_running(c->task) || READ_ONCE(c->task->on_rq))) {
		if (time_after(jiffies, end)) {
			pr_err("%s: thread did not go to sleep\n", pt->name);
			return -ETIMEDOUT;
		}
		usleep_range(1000, 2000);
	}
	return 0;
}

/* One latency run: kick to run, then the stop; @i < 0: not recorded. */
static int ktb_lat_run(struct ktb_pattern *pt, int i, int place)
{
	unsigned int cpu = place == KTB_SAME ? ctl_cpu : thread_cpu;
	u64 lat[KTB_LATS] = { 0 };
	struct ktb_ctx c;
	u64 t0;
	int ret, stop_ret, j;

	ret = ktb_start(pt, &c, cpu);
	if (ret)
		return ret;
	ret = ktb_settle(pt, &c);
	if (!ret) {
		t0 = ktime_get_ns();
		pt->kick(&c);
		if (wait_for_completion_timeout(&c.ack,
						msecs_to_jiffies(KTB_TIMEOUT_MS))) {
			lat[KTB_KICK] = c.seen_ns - t0;
		} else {
			pr_err("%s: work item not run\n", pt->name);
			ret = -ETIMEDOUT;
		}
	}
	if (!ret)
		ret = ktb_settle(pt, &c);
	if (!ret && c.worker) {
		t0 = ktime_get_ns();
		kthread_flush_worker(c.worker);
		lat[KTB_FLUSH] = ktime_get_ns() - t0;
		ret = ktb_settle(pt, &c);
	}
	t0 = ktime_get_ns();
	stop_ret = ktb_stop(&c);
	lat[KTB_STOP] = ktime_get_ns() - t0;
	if (stop_ret) {
		pr_err("%s: kthread_stop() returned %d\n", pt->name, stop_ret);
		return -EIO;
	}
	if (ret || i < 0)
		return ret;
	for (j = 0; j < KTB_LATS; j++)
		pt->lat[place][j][i] = lat[j];
	return 0;
}

static u64 ktb_ctxsw(struct task_struct *p)
{
	return READ_ONCE(p->nvcsw) + READ_ONCE(p->nivcsw);
}

/* Per second x 1000 over @ns. */
static u64 ktb_rate(u64 delta, u64 ns)
{
	return mul_u64_u64_div_u64(delta, 1000 * NSEC_PER_SEC, ns);
}

/* One idle window on thread_cpu: wake-ups, loops and CPU time. */
static int ktb_idle_run(struct ktb_pattern *pt, unsigned int i)
{
	u64 t0, t1, csw0, csw1, r0, r1;
	unsigned long l0, l1;
	struct ktb_ctx c;
	int ret, stop_ret;

	ret = ktb_start(pt, &c, thread_cpu);
	if (ret)
		return ret;
	ret = ktb_settle(pt, &c);
	if (!ret) {
		t0 = ktime_get_ns();
		csw0 = ktb_ctxsw(c.task);
		l0 = READ_ONCE(c.loops);
		r0 = READ_ONCE(c.task->se.sum_exec_runtime);
		ktb_sleep(pt->hog ? hog_ms : idle_ms);
		r1 = READ_ONCE(c.task->se.sum_exec_runtime);
		l1 = READ_ONCE(c.loops);
		csw1 = ktb_ctxsw(c.task);
		t1 = ktime_get_ns();
		pt->idle[KTB_CSW][i] = ktb_rate(csw1 - csw0, t1 - t0);
		pt->idle[KTB_LOOPS][i] = ktb_rate(l1 - l0, t1 - t0);
		/* CPU time: ns per second x 1000, i.e. us per s x 1000000 */
		pt->idle[KTB_CPU][i] = ktb_rate(r1 - r0, t1 - t0);
	}
	stop_ret = ktb_stop(&c);
	if (stop_ret) {
		pr_err("%s: kthread_stop() returned %d\n", pt->name, stop_ret);
		return -EIO;
	}
	return ret;
}

static int ktb_bench(void)
{
	struct ktb_pattern *pt;
	int i, place, ret;

	for (i = -1; i < (int)runs; i++) {	/* -1: warm-up round */
		for (pt = ktb_patterns; pt < KTB_END; pt++) {
			for (place = 0; place < KTB_PLACES; place++) {
				if (kthread_should_stop())
					return -EINTR;
				ret = ktb_lat_run(pt, i, place);
				if (ret)
					return ret;
			}
		}
	}
	for (i = 0; i < (int)windows; i++) {
		for (pt = ktb_patterns; pt < KTB_END; pt++) {
			if (kthread_should_stop())
				return -EINTR;
			ret = ktb_idle_run(pt, i);
			if (ret)
				return ret;
		}
	}
	return 0;
}

static int ktb_cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* Median (mean of the middle two for an even count) and worst of @v. */
static void ktb_print_stat(const char *name, const char *what,
			   const char *place, u64 *v, unsigned int n)
{
	u64 med;

	sort(v, n, sizeof(*v), ktb_cmp_u64, NULL);
	med = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	pr_info("stat name=%s what=%s place=%s n=%u med=%llu max=%llu\n",
		name, what, place, n, med, v[n - 1]);
}

static const char *ktb_debug_options(void)
{
	if (IS_ENABLED(CONFIG_KASAN) || IS_ENABLED(CONFIG_LOCKDEP) ||
	    IS_ENABLED(CONFIG_DEBUG_KMEMLEAK) || IS_ENABLED(CONFIG_DEBUG_OBJECTS))
		return "yes";
	return "none";
}

static void ktb_print(void)
{
	struct ktb_pattern *pt;
	int place, j;

	pr_info("setup runs=%u windows=%u idle_ms=%u hog_ms=%u poll_ms=%u phase_ms=%u ctl_cpu=%u thread_cpu=%u hz=%u kasan=%d lockdep=%d kmemleak=%d debug_objects=%d debug=%s\n",
		runs, windows, idle_ms, hog_ms, poll_ms, phase_ms, ctl_cpu,
		thread_cpu, HZ, IS_ENABLED(CONFIG_KASAN),
		IS_ENABLED(CONFIG_LOCKDEP), IS_ENABLED(CONFIG_DEBUG_KMEMLEAK),
		IS_ENABLED(CONFIG_DEBUG_OBJECTS), ktb_debug_options());
	for (pt = ktb_patterns; pt < KTB_END; pt++) {
		for (place = 0; place < KTB_PLACES; place++)
			for (j = 0; j < KTB_LATS; j++)
				if (j != KTB_FLUSH || !pt->fn)
					ktb_print_stat(pt->name, ktb_lat_names[j],
						       ktb_place_names[place],
						       pt->lat[place][j], runs);
		for (j = 0; j < KTB_IDLES; j++)
			ktb_print_stat(pt->name, ktb_idle_names[j], "other",
				       pt->idle[j], windows);
	}
	pr_info("end\n");
}

static DECLARE_COMPLETION(ktb_done);
static int ktb_result;

/* The controller: runs the benchmark, then waits to be stopped. */
static int ktb_ctl_fn(void *data)
{
	WRITE_ONCE(ktb_result, ktb_bench());
	complete(&ktb_done);
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (kthread_should_stop())
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

static int ktb_check_param(const char *name, unsigned int val,
			   unsigned int min, unsigned int max)
{
	if (val >= min && val <= max)
		return 0;
	pr_err("%s=%u out of range %u..%u\n", name, val, min, max);
	return -EINVAL;
}

static int ktb_check_cpu(const char *name, unsigned int cpu)
{
	if (cpu < nr_cpu_ids && cpu_online(cpu) && ctl_cpu != thread_cpu)
		return 0;
	pr_err("%s=%u must be an online CPU (0..%u) and ctl_cpu != thread_cpu\n",
	       name, cpu, nr_cpu_ids - 1);
	return -EINVAL;
}

static void ktb_free(void)
{
	struct ktb_pattern *pt;
	int place, j;

	for (pt = ktb_patterns; pt < KTB_END; pt++) {
		for (place = 0; place < KTB_PLACES; place++)
			for (j = 0; j < KTB_LATS; j++) {
				kfree(pt->lat[place][j]);
				pt->lat[place][j] = NULL;
			}
		for (j = 0; j < KTB_IDLES; j++) {
			kfree(pt->idle[j]);
			pt->idle[j] = NULL;
		}
	}
}

static int ktb_alloc(void)
{
	struct ktb_pattern *pt;
	int place, j;

	for (pt = ktb_patterns; pt < KTB_END; pt++) {
		for (place = 0; place < KTB_PLACES; place++)
			for (j = 0; j < KTB_LATS; j++) {
				pt->lat[place][j] = kcalloc(runs, sizeof(u64), GFP_KERNEL);
				if (!pt->lat[place][j])
					return -ENOMEM;
			}
		for (j = 0; j < KTB_IDLES; j++) {
			pt->idle[j] = kcalloc(windows, sizeof(u64), GFP_KERNEL);
			if (!pt->idle[j])
				return -ENOMEM;
		}
	}
	return 0;
}

static int __init ktb_init(void)
{
	struct task_struct *ctl;
	int ret;

	ret = ktb_check_param("runs", runs, 1, KTB_RUNS_MAX) ?:
	      ktb_check_param("windows", windows, 1, KTB_WINDOWS_MAX) ?:
	      ktb_check_param("idle_ms", idle_ms, KTB_WINDOW_MS_MIN, KTB_WINDOW_MS_MAX) ?:
	      ktb_check_param("hog_ms", hog_ms, KTB_WINDOW_MS_MIN, KTB_WINDOW_MS_MAX) ?:
	      ktb_check_param("poll_ms", poll_ms, 1, KTB_POLL_MS_MAX) ?:
	      ktb_check_param("phase_ms", phase_ms, 0, KTB_PHASE_MS_MAX) ?:
	      ktb_check_cpu("ctl_cpu", ctl_cpu) ?:
	      ktb_check_cpu("thread_cpu", thread_cpu);
	if (ret)
		return ret;

	ret = ktb_alloc();
	if (ret)
		goto out;
	ctl = kthread_create(ktb_ctl_fn, NULL, "ktb_ctl");
	if (IS_ERR(ctl)) {
		ret = PTR_ERR(ctl);
		pr_err("kthread_create() of the controller failed: %d\n", ret);
		goto out;
	}
	kthread_bind(ctl, ctl_cpu);
	wake_up_process(ctl);
	/* Killable: a long run is no hung task, and insmod can be killed. */
	if (wait_for_completion_killable(&ktb_done)) {
		pr_err("interrupted\n");
		kthread_stop(ctl);	/* returns when no ktb_* thread is left */
		ret = -EINTR;
		goto out;
	}
	kthread_stop(ctl);
	ret = READ_ONCE(ktb_result);
	if (!ret)
		ktb_print();
out:
	ktb_free();
	return ret;
}

static void __exit ktb_exit(void)
{
}

module_init(ktb_init);
module_exit(ktb_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Benchmark of kthread waiting patterns");

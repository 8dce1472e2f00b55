// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark of kthread waiting patterns.
 *
 * Loading the module runs the benchmark; insmod returns when it is done.
 * It measures, it does not judge: kthread_bench.sh turns the lines it
 * prints into a table.
 *
 * The caller is a controller thread bound to ctl_cpu.  For each pattern,
 * "runs" times, it starts a thread bound to thread_cpu that waits in that
 * pattern, lets it settle in its idle wait, reads the CPU time the thread
 * consumes during idle_ms, then stops it and times kthread_stop() (or
 * kthread_destroy_worker()) from its own side: a thread that hogs its CPU
 * does not delay the caller.  Then it does the same with the thread on
 * ctl_cpu, without the idle window: the stop needs no wake-up of an idle
 * CPU.  The runs of all patterns are interleaved (round 1 of every
 * pattern, then round 2, ...), after one unrecorded warm-up round, so that
 * drift on the host hits every pattern alike.  Nothing is printed until
 * the last run is over.  Every thread is named "ktb_*".
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
#define KTB_IDLE_MS_MIN		100
#define KTB_IDLE_MS_MAX		10000
#define KTB_PHASE_MS_MAX	10000
#define KTB_RATE_MS_MIN		100
#define KTB_RATE_MS_MAX		10000
#define KTB_SETTLE_MS		20	/* fixed part of the settle delay */
#define KTB_TIMEOUT_MS		5000	/* for a thread to start or to sleep */
#define KTB_PERIOD_MS		1000	/* of the timeout and msleep(1000) loops */
#define KTB_POLL_MS		1	/* the copied msleep(1) polling loop */
#define KTB_BATCH		256	/* work items queued before one flush */

static unsigned int runs = 11;
module_param(runs, uint, 0444);
MODULE_PARM_DESC(runs, "Recorded runs per pattern (1..1000)");

static unsigned int idle_ms = 1000;
module_param(idle_ms, uint, 0444);
MODULE_PARM_DESC(idle_ms, "Window in which the idle thread's CPU time is read, ms (100..10000)");

static unsigned int phase_ms = 1000;
module_param(phase_ms, uint, 0444);
MODULE_PARM_DESC(phase_ms, "Random extra settle time, below this many ms (0..10000)");

static unsigned int rate_ms = 1000;
module_param(rate_ms, uint, 0444);
MODULE_PARM_DESC(rate_ms, "Duration of each throughput loop, ms (100..10000)");

static unsigned int ctl_cpu;
module_param(ctl_cpu, uint, 0444);
MODULE_PARM_DESC(ctl_cpu, "CPU of the measuring thread (online, not thread_cpu)");

static unsigned int thread_cpu = 1;
module_param(thread_cpu, uint, 0444);
MODULE_PARM_DESC(thread_cpu, "CPU of the measured threads (online, not ctl_cpu)");

/* What a measured thread waits for: never any work, only the stop. */
struct ktb_ctx {
	wait_queue_head_t wq;
	struct completion started;
	bool work;
};

static bool ktb_has_work(struct ktb_ctx *c)
{
	return READ_ONCE(c->work);
}

/* Recommended: the stop is part of the wait condition. */
static int ktb_wait_event_fn(void *data)
{
	struct ktb_ctx *c = data;

	complete(&c->started);
	while (!kthread_should_stop())
		wait_event_interruptible(c->wq, ktb_has_work(c) ||
					 kthread_should_stop());
	return 0;
}

/* Recommended: set the state before testing, then schedule(). */
static int ktb_set_state_fn(void *data)
{
	struct ktb_ctx *c = data;

	complete(&c->started);
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (kthread_should_stop())
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

/* Recommended for periodic work: the stop ends the interruptible sleep. */
static int ktb_timeout_fn(void *data)
{
	struct ktb_ctx *c = data;

	complete(&c->started);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(msecs_to_jiffies(KTB_PERIOD_MS));
	return 0;
}

/* Anti-pattern: schedule() in TASK_RUNNING returns at once. */
static int ktb_busy_fn(void *data)
{
	struct ktb_ctx *c = data;

	complete(&c->started);
	while (!kthread_should_stop())
		schedule();
	return 0;
}

/* Anti-pattern: polling; msleep() sleeps on through the stop's wake-up. */
static int ktb_msleep_1_fn(void *data)
{
	struct ktb_ctx *c = data;

	complete(&c->started);
	while (!kthread_should_stop())
		msleep(KTB_POLL_MS);
	return 0;
}

static int ktb_msleep_1000_fn(void *data)
{
	struct ktb_ctx *c = data;

	complete(&c->started);
	while (!kthread_should_stop())
		msleep(KTB_PERIOD_MS);
	return 0;
}

struct ktb_pattern {
	const char *name;
	int (*fn)(void *data);	/* NULL: an idle kthread_worker */
	bool recommended;
	bool sleeps;		/* settles off the runqueue */
	u64 *stop_ns;		/* thread on thread_cpu */
	u64 *same_ns;		/* thread on ctl_cpu, the caller's CPU */
	u64 *cpu_ppm;		/* CPU time per window, parts per million */
};

static struct ktb_pattern ktb_patterns[] = {
	{ "busy",	 ktb_busy_fn,	     false, false },
	{ "wait_event",	 ktb_wait_event_fn,  true,  true },
	{ "set_state",	 ktb_set_state_fn,   true,  true },
	{ "timeout",	 ktb_timeout_fn,     true,  true },
	{ "worker",	 NULL,		     true,  true },
	{ "msleep_1",	 ktb_msleep_1_fn,    false, false },
	{ "msleep_1000", ktb_msleep_1000_fn, false, false },
};

static u64 ktb_create_stop_n, ktb_create_stop_ns;
static u64 ktb_batch_n, ktb_batch_ns;
static u64 ktb_single_n, ktb_single_ns;

static void ktb_ctx_init(struct ktb_ctx *c)
{
	init_waitqueue_head(&c->wq);
	init_completion(&c->started);
	c->work = false;
}

/* Start @fn on @cpu and wait until it runs; never leaves it behind. */
static struct task_struct *ktb_start(int (*fn)(void *), struct ktb_ctx *c,
				     const char *name, unsigned int cpu)
{
	struct task_struct *p;

	p = kthread_create(fn, c, "ktb_%s", name);
	if (IS_ERR(p))
		return p;
	kthread_bind(p, cpu);
	wake_up_process(p);
	if (!wait_for_completion_timeout(&c->started,
					 msecs_to_jiffies(KTB_TIMEOUT_MS))) {
		kthread_stop(p);
		pr_err("%s: thread did not start\n", name);
		return ERR_PTR(-ETIMEDOUT);
	}
	return p;
}

static u64 ktb_runtime(struct task_struct *p)
{
	return READ_ONCE(p->se.sum_exec_runtime);
}

/*
 * Let the thread reach its idle wait: a fixed delay plus a random phase
 * (so that a stop does not always hit a polling loop at the same point of
 * its period), then, for a pattern that sleeps until it is woken, until
 * it is off the runqueue.
 */
static int ktb_settle(const struct ktb_pattern *pt, struct task_struct *p,
		      bool record)
{
	unsigned long end;
	unsigned int ms = KTB_SETTLE_MS;

	if (record && phase_ms)
		ms += get_random_u32_below(phase_ms);
	msleep_interruptible(ms);
	if (!pt->sleeps)
		return 0;
	end = jiffies + msecs_to_jiffies(KTB_TIMEOUT_MS);
	while (task_is_running(p) || READ_ONCE(p->on_rq)) {
		if (time_after(jiffies, end)) {
			pr_err("%s: thread did not go to sleep\n", pt->name);
			return -ETIMEDOUT;
		}
		usleep_range(1000, 2000);
	}
	return 0;
}

/*
 * One run of one pattern: start, settle, idle window, timed stop; with
 * @same, on the caller's CPU and without the idle window.
 */
static int ktb_run(struct ktb_pattern *pt, unsigned int i, bool record,
		   bool same)
{
	unsigned int cpu = same ? ctl_cpu : thread_cpu;
	struct kthread_worker *w = NULL;
	struct task_struct *p;
	struct ktb_ctx c;
	u64 t0, t1, r0, r1;
	int ret, stop_ret = 0;

	ktb_ctx_init(&c);
	if (pt->fn) {
		p = ktb_start(pt->fn, &c, pt->name, cpu);
		if (IS_ERR(p))
			return PTR_ERR(p);
	} else {
		w = kthread_run_worker_on_cpu(cpu, 0, "ktb_worker/%u");
		if (IS_ERR(w))
			return PTR_ERR(w);
		p = w->task;
	}

	ret = ktb_settle(pt, p, record);
	if (!ret && record && !same) {
		t0 = ktime_get_ns();
		r0 = ktb_runtime(p);
		msleep_interruptible(idle_ms);
		r1 = ktb_runtime(p);
		t1 = ktime_get_ns();
		pt->cpu_ppm[i] = div64_u64((r1 - r0) * 1000000, t1 - t0);
	}

	t0 = ktime_get_ns();
	if (w)
		kthread_destroy_worker(w);
	else
		stop_ret = kthread_stop(p);
	t1 = ktime_get_ns();
	if (record)
		(same ? pt->same_ns : pt->stop_ns)[i] = t1 - t0;
	if (stop_ret) {
		pr_err("%s: kthread_stop() returned %d\n", pt->name, stop_ret);
		return -EIO;
	}
	return ret;
}

/* Throughput: kthread_run() of a thread that waits, then kthread_stop(). */
static int ktb_rate_create_stop(void)
{
	u64 t0 = ktime_get_ns(), end = t0 + (u64)rate_ms * NSEC_PER_MSEC;
	struct task_struct *p;
	struct ktb_ctx c;
	u64 n = 0;
	int ret;

	do {
		ktb_ctx_init(&c);
		p = ktb_start(ktb_set_state_fn, &c, "cycle", thread_cpu);
		if (IS_ERR(p))
			return PTR_ERR(p);
		ret = kthread_stop(p);
		if (ret) {
			pr_err("cycle: kthread_stop() returned %d\n", ret);
			return -EIO;
		}
		n++;
	} while (ktime_get_ns() < end && !kthread_should_stop());
	ktb_create_stop_n = n;
	ktb_create_stop_ns = ktime_get_ns() - t0;
	return 0;
}

static struct kthread_work ktb_works[KTB_BATCH];
static u64 ktb_works_done;

static void ktb_work_fn(struct kthread_work *work)
{
	WRITE_ONCE(ktb_works_done, ktb_works_done + 1);
}

/*
 * Throughput: work items through one kthread_worker on thread_cpu, @batch
 * at a time, each batch followed by kthread_flush_worker().
 */
static int ktb_rate_worker(unsigned int batch, u64 *n, u64 *ns)
{
	struct kthread_worker *w;
	u64 t0, end;
	unsigned int i;

	w = kthread_run_worker_on_cpu(thread_cpu, 0, "ktb_worker/%u");
	if (IS_ERR(w))
		return PTR_ERR(w);
	for (i = 0; i < batch; i++)
		kthread_init_work(&ktb_works[i], ktb_work_fn);
	ktb_works_done = 0;
	t0 = ktime_get_ns();
	end = t0 + (u64)rate_ms * NSEC_PER_MSEC;
	do {
		for (i = 0; i < batch; i++)
			kthread_queue_work(w, &ktb_works[i]);
		kthread_flush_worker(w);
	} while (ktime_get_ns() < end && !kthread_should_stop());
	*ns = ktime_get_ns() - t0;
	*n = READ_ONCE(ktb_works_done);
	kthread_destroy_worker(w);
	return 0;
}

static int ktb_cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* Median (mean of the middle two for an even count) and maximum. */
static void ktb_stats(const u64 *v, u64 *tmp, u64 *med, u64 *max)
{
	memcpy(tmp, v, runs * sizeof(*v));
	sort(tmp, runs, sizeof(*tmp), ktb_cmp_u64, NULL);
	*med = runs % 2 ? tmp[runs / 2] : (tmp[runs / 2 - 1] + tmp[runs / 2]) / 2;
	*max = tmp[runs - 1];
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
	u64 *tmp, smed, smax, lmed, lmax, cmed, cmax;
	unsigned int i;

	tmp = kcalloc(runs, sizeof(*tmp), GFP_KERNEL);
	if (!tmp)
		return;
	pr_info("setup runs=%u idle_ms=%u phase_ms=%u rate_ms=%u ctl_cpu=%u thread_cpu=%u hz=%u kasan=%d lockdep=%d kmemleak=%d debug_objects=%d debug=%s\n",
		runs, idle_ms, phase_ms, rate_ms, ctl_cpu, thread_cpu, HZ,
		IS_ENABLED(CONFIG_KASAN), IS_ENABLED(CONFIG_LOCKDEP),
		IS_ENABLED(CONFIG_DEBUG_KMEMLEAK),
		IS_ENABLED(CONFIG_DEBUG_OBJECTS), ktb_debug_options());
	for (pt = ktb_patterns; pt < ktb_patterns + ARRAY_SIZE(ktb_patterns); pt++) {
		for (i = 0; i < runs; i++)
			pr_info("run name=%s i=%u stop_ns=%llu same_ns=%llu cpu_ppm=%llu\n",
				pt->name, i, pt->stop_ns[i], pt->same_ns[i],
				pt->cpu_ppm[i]);
		ktb_stats(pt->stop_ns, tmp, &smed, &smax);
		ktb_stats(pt->same_ns, tmp, &lmed, &lmax);
		ktb_stats(pt->cpu_ppm, tmp, &cmed, &cmax);
		pr_info("pattern name=%s recommended=%d runs=%u stop_med_ns=%llu stop_max_ns=%llu same_med_ns=%llu same_max_ns=%llu cpu_med_ppm=%llu cpu_max_ppm=%llu\n",
			pt->name, pt->recommended, runs, smed, smax, lmed, lmax,
			cmed, cmax);
	}
	pr_info("rate name=create_stop n=%llu ns=%llu\n",
		ktb_create_stop_n, ktb_create_stop_ns);
	pr_info("rate name=worker_batch batch=%u n=%llu ns=%llu\n",
		KTB_BATCH, ktb_batch_n, ktb_batch_ns);
	pr_info("rate name=worker_single batch=1 n=%llu ns=%llu\n",
		ktb_single_n, ktb_single_ns);
	kfree(tmp);
}

static int ktb_bench(void)
{
	struct ktb_pattern *pt;
	unsigned int i;
	int ret;

	/* Warm-up round, not recorded: no idle window, no random phase. */
	for (pt = ktb_patterns; pt < ktb_patterns + ARRAY_SIZE(ktb_patterns); pt++) {
		ret = ktb_run(pt, 0, false, false) ?:
		      ktb_run(pt, 0, false, true);
		if (ret)
			return ret;
	}
	for (i = 0; i < runs; i++) {
		for (pt = ktb_patterns; pt < ktb_patterns + ARRAY_SIZE(ktb_patterns); pt++) {
			if (kthread_should_stop())
				return -EINTR;
			ret = ktb_run(pt, i, true, false) ?:
			      ktb_run(pt, i, true, true);
			if (ret)
				return ret;
		}
	}
	ret = ktb_rate_create_stop();
	if (!ret)
		ret = ktb_rate_worker(KTB_BATCH, &ktb_batch_n, &ktb_batch_ns);
	if (!ret)
		ret = ktb_rate_worker(1, &ktb_single_n, &ktb_single_ns);
	if (!ret && kthread_should_stop())
		ret = -EINTR;
	return ret;
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

	for (pt = ktb_patterns; pt < ktb_patterns + ARRAY_SIZE(ktb_patterns); pt++) {
		kfree(pt->stop_ns);
		kfree(pt->same_ns);
		kfree(pt->cpu_ppm);
		pt->stop_ns = NULL;
		pt->same_ns = NULL;
		pt->cpu_ppm = NULL;
	}
}

static int __init test_kthread_bench_init(void)
{
	struct ktb_pattern *pt;
	struct task_struct *ctl;
	int ret;

	ret = ktb_check_param("runs", runs, 1, KTB_RUNS_MAX) ?:
	      ktb_check_param("idle_ms", idle_ms, KTB_IDLE_MS_MIN, KTB_IDLE_MS_MAX) ?:
	      ktb_check_param("phase_ms", phase_ms, 0, KTB_PHASE_MS_MAX) ?:
	      ktb_check_param("rate_ms", rate_ms, KTB_RATE_MS_MIN, KTB_RATE_MS_MAX) ?:
	      ktb_check_cpu("ctl_cpu", ctl_cpu) ?:
	      ktb_check_cpu("thread_cpu", thread_cpu);
	if (ret)
		return ret;

	for (pt = ktb_patterns; pt < ktb_patterns + ARRAY_SIZE(ktb_patterns); pt++) {
		pt->stop_ns = kcalloc(runs, sizeof(*pt->stop_ns), GFP_KERNEL);
		pt->same_ns = kcalloc(runs, sizeof(*pt->same_ns), GFP_KERNEL);
		pt->cpu_ppm = kcalloc(runs, sizeof(*pt->cpu_ppm), GFP_KERNEL);
		if (!pt->stop_ns || !pt->same_ns || !pt->cpu_ppm) {
			ktb_free();
			return -ENOMEM;
		}
	}

	ctl = kthread_create(ktb_ctl_fn, NULL, "ktb_ctl");
	if (IS_ERR(ctl)) {
		ktb_free();
		return PTR_ERR(ctl);
	}
	kthread_bind(ctl, ctl_cpu);
	wake_up_process(ctl);
	/* Killable: a long run is no hung task, and insmod can be killed. */
	if (wait_for_completion_killable(&ktb_done)) {
		pr_err("interrupted\n");
		kthread_stop(ctl);	/* returns when no ktb_* thread is left */
		ktb_free();
		return -EINTR;
	}
	kthread_stop(ctl);
	ret = READ_ONCE(ktb_result);
	if (!ret)
		ktb_print();
	ktb_free();
	return ret;
}

static void __exit test_kthread_bench_exit(void)
{
}

module_init(test_kthread_bench_init);
module_exit(test_kthread_bench_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Benchmark of kthread waiting patterns");

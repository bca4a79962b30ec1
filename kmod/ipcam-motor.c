// SPDX-License-Identifier: GPL-2.0-only
/*
 * ipcam motor core: per-axis stepping from an hrtimer with an integer
 * trapezoid ramp, moves, stop, homing, patrol, presets, self-test, and the
 * events they produce.  The backend (simulated or GPIO) only takes steps and
 * reads switches.
 *
 * Every action is a target per axis: continuous moves go to the soft limit,
 * a stop moves the target to where the ramp can stop, a patrol flips the
 * target at each end.  Multi-move actions (homing, self-test, going to a
 * preset) are sequences of phases, advanced when every axis has stopped.
 */
#include <linux/device.h>
#include <linux/ktime.h>
#include <linux/property.h>
#include <linux/slab.h>

#include "ipcam-core.h"

/* Defaults of a head without firmware description: two 28BYJ-48 motors
 * in half-step mode (4096 steps per output turn), 300 x 90 degrees.
 */
#define DEF_STEPS_PER_REV	4096
#define DEF_PAN_RANGE		1707	/* +-150 degrees */
#define DEF_TILT_RANGE		512	/* +-45 degrees */
#define DEF_MAX_RATE		800
#define DEF_ACCEL		2000

#define POLL_INTERVAL		msecs_to_jiffies(100)

static int sign(s32 v)
{
	return v > 0 ? 1 : v < 0 ? -1 : 0;
}

static bool any_running_locked(struct ipcam_ptz *ptz)
{
	return ptz->axis[0].running || ptz->axis[1].running;
}

static u32 state_locked(struct ipcam_ptz *ptz)
{
	if (ptz->seq == IPCAM_SEQ_HOMING)
		return IPCAM_PTZ_STATE_HOMING;
	if (ptz->seq == IPCAM_SEQ_SELFTEST)
		return IPCAM_PTZ_STATE_SELFTEST;
	if (ptz->axis[0].patrolling || ptz->axis[1].patrolling)
		return IPCAM_PTZ_STATE_PATROL;
	return any_running_locked(ptz) ? IPCAM_PTZ_STATE_MOVING : IPCAM_PTZ_STATE_IDLE;
}

/* ---------------------------------------------------------------------- */
/* Events */

static void emit_locked(struct ipcam_ptz *ptz, u32 type, u32 axis_mask, u32 data)
{
	struct ipcam_ptz_event ev = {
		.timestamp_ns = ktime_get_ns(),
		.type = type,
		.axis_mask = axis_mask,
		.pos = { ptz->axis[0].pos, ptz->axis[1].pos },
		.data = data,
	};
	struct ipcam_ptz_file *pf;

	list_for_each_entry(pf, &ptz->files, node)
		ipcam_ptz_queue_event(pf, &ev);
	wake_up_interruptible_poll(&ptz->wait, EPOLLIN | EPOLLRDNORM);
}

void ipcam_ptz_emit(struct ipcam_ptz *ptz, u32 type, u32 axis_mask, u32 data)
{
	unsigned long flags;

	spin_lock_irqsave(&ptz->slock, flags);
	emit_locked(ptz, type, axis_mask, data);
	spin_unlock_irqrestore(&ptz->slock, flags);
}

/* ---------------------------------------------------------------------- */
/* One axis */

/*
 * Head for @target at up to @rate steps/s.  A running axis picks up the new
 * target at its next step (braking first if it lies behind).  Returns
 * whether the axis is moving.
 */
static bool axis_go_locked(struct ipcam_axis *ax, s32 target, u32 rate,
			   bool to_limit, bool clamp_target)
{
	struct ipcam_ptz *ptz = ax->ptz;
	u32 ns;

	if (ptz->dead)
		return false;
	ax->target = clamp_target ? clamp(target, ax->min, ax->max) : target;
	ax->to_limit = to_limit;
	ipcam_ramp_config(&ax->ramp, ax->accel, min(rate, ax->max_rate));
	if (ax->running)
		return true;
	if (ax->target == ax->pos)
		return false;

	ax->dir = sign(ax->target - ax->pos);
	ipcam_ramp_reset(&ax->ramp);
	ns = ipcam_ramp_next(&ax->ramp, abs(ax->target - ax->pos));
	ax->running = true;
	hrtimer_start(&ax->timer, ns_to_ktime(ns), HRTIMER_MODE_REL);
	return true;
}

/* Bring a running axis to a stop within its deceleration distance. */
static void axis_brake_locked(struct ipcam_axis *ax)
{
	if (!ax->running)
		return;
	ax->target = ipcam_clamp_travel(ax->pos,
					ax->dir * (s32)ipcam_ramp_stop_distance(&ax->ramp),
					ax->min, ax->max);
	ax->to_limit = false;
}

static u32 limit_flag(unsigned int axis, int dir)
{
	if (axis == IPCAM_PTZ_AXIS_PAN)
		return dir < 0 ? IPCAM_PTZ_STATUS_PAN_AT_MIN : IPCAM_PTZ_STATUS_PAN_AT_MAX;
	return dir < 0 ? IPCAM_PTZ_STATUS_TILT_AT_MIN : IPCAM_PTZ_STATUS_TILT_AT_MAX;
}

static bool homing_search_locked(struct ipcam_ptz *ptz)
{
	return ptz->seq == IPCAM_SEQ_HOMING && ptz->seq_phase == 0;
}

/*
 * Take the due step of @ax.  Returns the interval to the next one, or 0
 * when the axis stops; *@limit is set to the direction of a limit that
 * stopped it.
 */
static u32 axis_step_locked(struct ipcam_axis *ax, int *limit)
{
	struct ipcam_ptz *ptz = ax->ptz;
	bool searching = homing_search_locked(ptz);
	int dir = ax->dir;
	s32 next = ax->pos + dir;
	s32 delta;
	u32 ns;

	if (ax->has_switches && ptz->ops->limit(ptz, ax->idx, dir)) {
		*limit = dir;
		if (searching && dir < 0)
			ax->pos = ax->min;	/* the switch is the reference */
		return 0;
	}
	if (!searching && (next < ax->min || next > ax->max)) {
		*limit = dir;
		return 0;
	}

	ptz->ops->step(ptz, ax->idx, dir);
	ax->pos = next;

	delta = ax->target - ax->pos;
	if (!delta)
		return 0;
	if (sign(delta) == dir)
		return ipcam_ramp_next(&ax->ramp, abs(delta));

	/* The target moved behind us: brake, then turn. */
	ns = ipcam_ramp_next(&ax->ramp, 0);
	if (ns)
		return ns;
	ax->dir = sign(delta);
	return ipcam_ramp_next(&ax->ramp, abs(delta));
}

static void seq_run_locked(struct ipcam_ptz *ptz);
static void all_idle_locked(struct ipcam_ptz *ptz);

static void patrol_leg_locked(struct ipcam_axis *ax, u32 rate)
{
	axis_go_locked(ax, ax->patrol_out ? ax->max : ax->min, rate, false, true);
}

static u32 patrol_rate(struct ipcam_ptz *ptz, struct ipcam_axis *ax)
{
	return ipcam_rate_from_sdk(ax->max_rate, READ_ONCE(ptz->patrol_rate), true);
}

/* A patrolling axis reached one end: turn, count the round, or finish. */
static void patrol_arrived_locked(struct ipcam_axis *ax)
{
	struct ipcam_ptz *ptz = ax->ptz;

	if (ax->patrol_out) {
		ax->patrol_out = false;
		patrol_leg_locked(ax, patrol_rate(ptz, ax));
		return;
	}
	ax->patrol_done++;
	emit_locked(ptz, IPCAM_PTZ_EVENT_PATROL_ROUND, BIT(ax->idx), ax->patrol_done);
	if (ax->patrol_rounds && ax->patrol_done >= ax->patrol_rounds) {
		ax->patrolling = false;
		if (!ptz->axis[0].patrolling && !ptz->axis[1].patrolling)
			emit_locked(ptz, IPCAM_PTZ_EVENT_PATROL_DONE, IPCAM_PTZ_ALL_AXES,
				    ax->patrol_done);
		return;
	}
	ax->patrol_out = true;
	patrol_leg_locked(ax, patrol_rate(ptz, ax));
}

/* @ax stopped (arrived, or stopped by a limit in direction @limit). */
static void axis_stopped_locked(struct ipcam_axis *ax, int limit)
{
	struct ipcam_ptz *ptz = ax->ptz;

	ax->running = false;
	ax->dir = 0;
	ipcam_ramp_reset(&ax->ramp);
	if (ptz->ops->release)
		ptz->ops->release(ptz, ax->idx);

	if (ax->patrolling && !ptz->dead) {
		patrol_arrived_locked(ax);
	} else if (ptz->seq == IPCAM_SEQ_NONE) {
		if (limit || ax->to_limit)
			emit_locked(ptz, IPCAM_PTZ_EVENT_LIMIT, BIT(ax->idx),
				    limit_flag(ax->idx, limit ?: sign(ax->target)));
		else
			emit_locked(ptz, IPCAM_PTZ_EVENT_MOVE_DONE, BIT(ax->idx), 0);
	} else if (homing_search_locked(ptz) && !limit) {
		ptz->homing_failed = true;	/* travelled the range, no switch */
	}
	if (!any_running_locked(ptz))
		all_idle_locked(ptz);
}

static enum hrtimer_restart axis_timer_fn(struct hrtimer *t)
{
	struct ipcam_axis *ax = container_of(t, struct ipcam_axis, timer);
	struct ipcam_ptz *ptz = ax->ptz;
	enum hrtimer_restart ret = HRTIMER_NORESTART;
	unsigned long flags;
	int limit = 0;
	u32 ns;

	spin_lock_irqsave(&ptz->slock, flags);
	if (ptz->dead) {
		ax->running = false;
	} else {
		ns = axis_step_locked(ax, &limit);
		if (ns) {
			hrtimer_forward(t, hrtimer_get_expires(t), ns_to_ktime(ns));
			ret = HRTIMER_RESTART;
		} else {
			/* May start this timer again (patrol): legal here. */
			axis_stopped_locked(ax, limit);
		}
	}
	spin_unlock_irqrestore(&ptz->slock, flags);
	return ret;
}

/* ---------------------------------------------------------------------- */
/* Sequences */

struct selftest_phase {
	unsigned int axis;
	int where;		/* -1 min, 0 centre, +1 max */
};

static const struct selftest_phase selftest_phases[] = {
	{ IPCAM_PTZ_AXIS_PAN, -1 }, { IPCAM_PTZ_AXIS_PAN, 1 },
	{ IPCAM_PTZ_AXIS_PAN, 0 }, { IPCAM_PTZ_AXIS_TILT, 1 },
	{ IPCAM_PTZ_AXIS_TILT, -1 }, { IPCAM_PTZ_AXIS_TILT, 0 },
};

/* Start the current phase; returns false when the sequence is over. */
static bool seq_phase_locked(struct ipcam_ptz *ptz)
{
	unsigned int p = ptz->seq_phase, i;

	switch (ptz->seq) {
	case IPCAM_SEQ_HOMING:
		if (p == 0) {
			/* Search the min switch over the whole travel, slowly. */
			for (i = 0; i < IPCAM_PTZ_NUM_AXES; i++) {
				struct ipcam_axis *ax = &ptz->axis[i];

				if (ax->has_switches)
					axis_go_locked(ax, ax->pos - (ax->max - ax->min) - 1,
						       max(ax->max_rate / 4, 1U), false, false);
			}
			return true;
		}
		if (p == 1) {
			for (i = 0; i < IPCAM_PTZ_NUM_AXES; i++)
				axis_go_locked(&ptz->axis[i], 0, ptz->axis[i].max_rate,
					       false, true);
			return true;
		}
		ptz->homed = !ptz->homing_failed;
		emit_locked(ptz, IPCAM_PTZ_EVENT_HOMED, IPCAM_PTZ_ALL_AXES,
			    ptz->homing_failed);
		return false;
	case IPCAM_SEQ_SELFTEST:
		if (p < ARRAY_SIZE(selftest_phases)) {
			const struct selftest_phase *sp = &selftest_phases[p];
			struct ipcam_axis *ax = &ptz->axis[sp->axis];
			s32 to = sp->where < 0 ? ax->min : sp->where > 0 ? ax->max : 0;

			axis_go_locked(ax, to, ax->max_rate, false, true);
			return true;
		}
		emit_locked(ptz, IPCAM_PTZ_EVENT_SELFTEST_DONE, IPCAM_PTZ_ALL_AXES,
			    ptz->axis[0].pos || ptz->axis[1].pos);
		return false;
	case IPCAM_SEQ_PRESET:
		if (p == 0) {
			for (i = 0; i < IPCAM_PTZ_NUM_AXES; i++)
				axis_go_locked(&ptz->axis[i], ptz->preset[ptz->seq_preset][i],
					       ptz->axis[i].max_rate, false, true);
			return true;
		}
		emit_locked(ptz, IPCAM_PTZ_EVENT_PRESET_REACHED, IPCAM_PTZ_ALL_AXES,
			    ptz->seq_preset);
		return false;
	case IPCAM_SEQ_NONE:
		break;
	}
	return false;
}

/* Run phases until one moves something or the sequence ends. */
static void seq_run_locked(struct ipcam_ptz *ptz)
{
	while (ptz->seq != IPCAM_SEQ_NONE) {
		if (!seq_phase_locked(ptz)) {
			ptz->seq = IPCAM_SEQ_NONE;
			break;
		}
		if (any_running_locked(ptz))
			return;
		ptz->seq_phase++;
	}
}

static void seq_start_locked(struct ipcam_ptz *ptz, enum ipcam_ptz_seq seq)
{
	ptz->seq = seq;
	ptz->seq_phase = 0;
	ptz->homing_failed = false;
	seq_run_locked(ptz);
}

static void all_idle_locked(struct ipcam_ptz *ptz)
{
	u32 secs;

	if (ptz->seq != IPCAM_SEQ_NONE) {
		ptz->seq_phase++;
		seq_run_locked(ptz);
	}
	if (state_locked(ptz) != IPCAM_PTZ_STATE_IDLE || ptz->dead)
		return;
	secs = READ_ONCE(ptz->auto_patrol_interval);
	if (secs && READ_ONCE(ptz->patrol_type))
		mod_delayed_work(system_wq, &ptz->auto_patrol_work, secs * HZ);
}

/* Cancel sequences and patrols: a new command takes over the head. */
static void take_over_locked(struct ipcam_ptz *ptz, u32 axis_mask)
{
	unsigned int i;

	ptz->seq = IPCAM_SEQ_NONE;
	for (i = 0; i < IPCAM_PTZ_NUM_AXES; i++)
		if (axis_mask & BIT(i))
			ptz->axis[i].patrolling = false;
	cancel_delayed_work(&ptz->auto_patrol_work);
}

/* Motion started from process context: keep the LED blinking. */
static void kick_poll(struct ipcam_ptz *ptz)
{
	mod_delayed_work(system_wq, &ptz->poll_work, 0);
}

/* ---------------------------------------------------------------------- */
/* Actions (process context, ptz->lock held by the caller) */

static u32 continuous_rate(struct ipcam_ptz *ptz, unsigned int axis, int dir)
{
	unsigned int which;

	if (axis == IPCAM_PTZ_AXIS_PAN)
		which = dir > 0 ? IPCAM_RATE_RIGHT : IPCAM_RATE_LEFT;
	else
		which = dir > 0 ? IPCAM_RATE_UP : IPCAM_RATE_DOWN;
	return ipcam_rate_from_sdk(ptz->axis[axis].max_rate, ptz->dir_rate[which], false);
}

int ipcam_ptz_move(struct ipcam_ptz *ptz, const struct ipcam_ptz_move *m)
{
	unsigned long flags;
	u32 done = 0;
	unsigned int i;

	if (m->mode > IPCAM_PTZ_MOVE_ABSOLUTE || !m->axis_mask ||
	    m->axis_mask & ~IPCAM_PTZ_ALL_AXES)
		return -EINVAL;
	for (i = 0; i < IPCAM_PTZ_NUM_AXES; i++) {
		if (!(m->axis_mask & BIT(i)))
			continue;
		if (m->mode == IPCAM_PTZ_MOVE_CONTINUOUS &&
		    (m->value[i] < -1 || m->value[i] > 1))
			return -EINVAL;
		if (m->rate > ptz->axis[i].max_rate)
			return -EINVAL;
	}

	spin_lock_irqsave(&ptz->slock, flags);
	if (ptz->dead) {
		spin_unlock_irqrestore(&ptz->slock, flags);
		return -ENODEV;
	}
	take_over_locked(ptz, m->axis_mask);
	for (i = 0; i < IPCAM_PTZ_NUM_AXES; i++) {
		struct ipcam_axis *ax = &ptz->axis[i];
		s32 v = m->value[i];
		u32 rate = m->rate ?: ax->max_rate;
		bool moving;
		s32 base;

		if (!(m->axis_mask & BIT(i)))
			continue;
		switch (m->mode) {
		case IPCAM_PTZ_MOVE_CONTINUOUS:
			if (!v) {
				axis_brake_locked(ax);
				moving = ax->running;
				break;
			}
			moving = axis_go_locked(ax, v > 0 ? ax->max : ax->min,
						m->rate ?: continuous_rate(ptz, i, v),
						true, true);
			break;
		case IPCAM_PTZ_MOVE_RELATIVE:
			/* Relative to where the axis is heading, so repeated
			 * steps add up even while it still moves.
			 */
			base = ax->running ? ax->target : ax->pos;
			moving = axis_go_locked(ax,
						ipcam_clamp_travel(base, v, ax->min, ax->max),
						rate, false, true);
			break;
		default:
			moving = axis_go_locked(ax, v, rate, false, true);
			break;
		}
		if (!moving)
			done |= BIT(i);
	}
	/* Nothing to do for an axis is a move that is already done. */
	if (done && m->mode != IPCAM_PTZ_MOVE_CONTINUOUS)
		emit_locked(ptz, IPCAM_PTZ_EVENT_MOVE_DONE, done, 0);
	spin_unlock_irqrestore(&ptz->slock, flags);
	kick_poll(ptz);
	return 0;
}

int ipcam_ptz_stop(struct ipcam_ptz *ptz, u32 axis_mask)
{
	unsigned long flags;
	unsigned int i;

	if (!axis_mask || axis_mask & ~IPCAM_PTZ_ALL_AXES)
		return -EINVAL;
	spin_lock_irqsave(&ptz->slock, flags);
	if (ptz->dead) {
		spin_unlock_irqrestore(&ptz->slock, flags);
		return -ENODEV;
	}
	take_over_locked(ptz, axis_mask);
	for (i = 0; i < IPCAM_PTZ_NUM_AXES; i++)
		if (axis_mask & BIT(i))
			axis_brake_locked(&ptz->axis[i]);
	spin_unlock_irqrestore(&ptz->slock, flags);
	return 0;
}

static int start_seq(struct ipcam_ptz *ptz, enum ipcam_ptz_seq seq, unsigned int preset)
{
	unsigned long flags;

	spin_lock_irqsave(&ptz->slock, flags);
	if (ptz->dead) {
		spin_unlock_irqrestore(&ptz->slock, flags);
		return -ENODEV;
	}
	take_over_locked(ptz, IPCAM_PTZ_ALL_AXES);
	ptz->seq_preset = preset;
	seq_start_locked(ptz, seq);
	spin_unlock_irqrestore(&ptz->slock, flags);
	kick_poll(ptz);
	return 0;
}

int ipcam_ptz_center(struct ipcam_ptz *ptz)
{
	return start_seq(ptz, IPCAM_SEQ_HOMING, 0);
}

int ipcam_ptz_selftest(struct ipcam_ptz *ptz)
{
	return start_seq(ptz, IPCAM_SEQ_SELFTEST, 0);
}

static void patrol_start_locked(struct ipcam_ptz *ptz, u32 axis_mask,
				u32 pan_rounds, u32 tilt_rounds)
{
	unsigned int i;

	take_over_locked(ptz, IPCAM_PTZ_ALL_AXES);
	for (i = 0; i < IPCAM_PTZ_NUM_AXES; i++) {
		struct ipcam_axis *ax = &ptz->axis[i];

		if (!(axis_mask & BIT(i)))
			continue;
		ax->patrolling = true;
		ax->patrol_out = true;
		ax->patrol_done = 0;
		ax->patrol_rounds = i == IPCAM_PTZ_AXIS_PAN ? pan_rounds : tilt_rounds;
		if (!axis_go_locked(ax, ax->max, patrol_rate(ptz, ax), false, true))
			patrol_arrived_locked(ax);	/* already at max */
	}
}

int ipcam_ptz_patrol(struct ipcam_ptz *ptz, u32 axis_mask, u32 rounds)
{
	unsigned long flags;

	if (!axis_mask || axis_mask & ~IPCAM_PTZ_ALL_AXES)
		return -EINVAL;
	spin_lock_irqsave(&ptz->slock, flags);
	if (ptz->dead) {
		spin_unlock_irqrestore(&ptz->slock, flags);
		return -ENODEV;
	}
	patrol_start_locked(ptz, axis_mask, rounds, rounds);
	spin_unlock_irqrestore(&ptz->slock, flags);
	kick_poll(ptz);
	return 0;
}

int ipcam_ptz_preset(struct ipcam_ptz *ptz, const struct ipcam_ptz_preset *p)
{
	unsigned long flags;

	if (p->op > IPCAM_PTZ_PRESET_CLEAR || p->index >= IPCAM_PTZ_NUM_PRESETS)
		return -EINVAL;
	if (ptz->presets_disabled)
		return -EPERM;

	switch (p->op) {
	case IPCAM_PTZ_PRESET_SET:
		spin_lock_irqsave(&ptz->slock, flags);
		ptz->preset[p->index][0] = ptz->axis[0].pos;
		ptz->preset[p->index][1] = ptz->axis[1].pos;
		ptz->preset_mask |= BIT(p->index);
		spin_unlock_irqrestore(&ptz->slock, flags);
		return 0;
	case IPCAM_PTZ_PRESET_CLEAR:
		ptz->preset_mask &= ~BIT(p->index);
		return 0;
	default:
		if (!(ptz->preset_mask & BIT(p->index)))
			return -ENOENT;
		return start_seq(ptz, IPCAM_SEQ_PRESET, p->index);
	}
}

int ipcam_ptz_get_preset(struct ipcam_ptz *ptz, struct ipcam_ptz_preset_pos *pp)
{
	unsigned long flags;
	unsigned int i;

	if (pp->index >= IPCAM_PTZ_NUM_PRESETS)
		return -EINVAL;
	pp->flags = 0;
	memset(pp->pos, 0, sizeof(pp->pos));
	spin_lock_irqsave(&ptz->slock, flags);
	if (ptz->preset_mask & BIT(pp->index)) {
		pp->flags = IPCAM_PTZ_PRESET_STORED;
		for (i = 0; i < IPCAM_PTZ_NUM_AXES; i++)
			pp->pos[i] = ptz->preset[pp->index][i];
	}
	spin_unlock_irqrestore(&ptz->slock, flags);
	return 0;
}

/* Store or clear a preset at a given position (restoring saved presets). */
int ipcam_ptz_set_preset(struct ipcam_ptz *ptz, const struct ipcam_ptz_preset_pos *pp)
{
	unsigned long flags;
	unsigned int i;

	if (pp->index >= IPCAM_PTZ_NUM_PRESETS || pp->flags & ~IPCAM_PTZ_PRESET_STORED)
		return -EINVAL;
	if (!pp->flags) {
		if (pp->pos[0] || pp->pos[1])
			return -EINVAL;
		spin_lock_irqsave(&ptz->slock, flags);
		ptz->preset_mask &= ~BIT(pp->index);
		spin_unlock_irqrestore(&ptz->slock, flags);
		return 0;
	}
	/* the limits are fixed at probe: no lock needed to read them */
	for (i = 0; i < IPCAM_PTZ_NUM_AXES; i++)
		if (pp->pos[i] < ptz->axis[i].min || pp->pos[i] > ptz->axis[i].max)
			return -ERANGE;
	spin_lock_irqsave(&ptz->slock, flags);
	for (i = 0; i < IPCAM_PTZ_NUM_AXES; i++)
		ptz->preset[pp->index][i] = pp->pos[i];
	ptz->preset_mask |= BIT(pp->index);
	spin_unlock_irqrestore(&ptz->slock, flags);
	return 0;
}

void ipcam_ptz_get_status(struct ipcam_ptz *ptz, struct ipcam_ptz_status *st)
{
	unsigned long flags;
	unsigned int i;

	memset(st, 0, sizeof(*st));
	spin_lock_irqsave(&ptz->slock, flags);
	st->timestamp_ns = ktime_get_ns();
	for (i = 0; i < IPCAM_PTZ_NUM_AXES; i++) {
		struct ipcam_axis *ax = &ptz->axis[i];

		st->pos[i] = ax->pos;
		st->target[i] = ax->running ? ax->target : ax->pos;
		st->rate[i] = ax->running ? ax->dir * (s32)ipcam_ramp_rate(&ax->ramp) : 0;
		if (ax->has_switches && !ax->running) {
			if (ptz->ops->limit(ptz, i, -1))
				st->flags |= limit_flag(i, -1);
			if (ptz->ops->limit(ptz, i, 1))
				st->flags |= limit_flag(i, 1);
		}
		if (ax->patrolling)
			st->patrol_rounds = max(st->patrol_rounds, ax->patrol_done);
	}
	st->state = state_locked(ptz);
	if (ptz->homed)
		st->flags |= IPCAM_PTZ_STATUS_HOMED;
	st->preset_mask = ptz->preset_mask;
	spin_unlock_irqrestore(&ptz->slock, flags);
}

void ipcam_ptz_get_info(struct ipcam_ptz *ptz, struct ipcam_ptz_info *info)
{
	unsigned int i;

	memset(info, 0, sizeof(*info));
	info->version = IPCAM_PTZ_API_VERSION;
	info->flags = ptz->info_flags;
	info->num_presets = IPCAM_PTZ_NUM_PRESETS;
	for (i = 0; i < IPCAM_PTZ_NUM_AXES; i++) {
		struct ipcam_axis *ax = &ptz->axis[i];

		info->axis[i].min = ax->min;
		info->axis[i].max = ax->max;
		info->axis[i].steps_per_rev = ax->steps_per_rev;
		info->axis[i].max_rate = ax->max_rate;
		info->axis[i].accel = ax->accel;
		info->axis[i].flags = ax->has_switches ? IPCAM_PTZ_AXIS_LIMIT_SWITCHES : 0;
	}
}

/* ---------------------------------------------------------------------- */
/* IO output, alarm input, LED */

void ipcam_ptz_set_output(struct ipcam_ptz *ptz, bool level)
{
	if (ptz->io_output == level)
		return;
	ptz->io_output = level;
	if (ptz->ops->set_output)
		ptz->ops->set_output(ptz, level);
	ipcam_ptz_emit(ptz, IPCAM_PTZ_EVENT_IO_OUTPUT, 0, level);
}

void ipcam_ptz_alarm_changed(struct ipcam_ptz *ptz, bool level)
{
	if (READ_ONCE(ptz->alarm_input) == level)
		return;
	WRITE_ONCE(ptz->alarm_input, level);
	ipcam_ptz_emit(ptz, IPCAM_PTZ_EVENT_ALARM_INPUT, 0, level);
}

/*
 * Mode 0: on while idle, blinking while moving; 1: on; 2: off.  Returns
 * whether the head is moving (the LED needs another update soon).
 */
bool ipcam_ptz_update_led(struct ipcam_ptz *ptz)
{
	unsigned long flags;
	bool moving, on;

	spin_lock_irqsave(&ptz->slock, flags);
	moving = state_locked(ptz) != IPCAM_PTZ_STATE_IDLE;
	spin_unlock_irqrestore(&ptz->slock, flags);

	switch (READ_ONCE(ptz->led_mode)) {
	case 0:
		on = moving ? !ptz->led_on : true;
		break;
	case 1:
		on = true;
		break;
	default:
		on = false;
		break;
	}
	if (on != ptz->led_on && ptz->ops->set_led)
		ptz->ops->set_led(ptz, on);
	ptz->led_on = on;
	return moving;
}

static void ipcam_ptz_poll_work(struct work_struct *work)
{
	struct ipcam_ptz *ptz = container_of(to_delayed_work(work),
					     struct ipcam_ptz, poll_work);
	bool poll_alarm = ptz->info_flags & IPCAM_PTZ_INFO_ALARM_INPUT;
	bool moving;
	int level;

	mutex_lock(&ptz->lock);
	if (ptz->dead) {
		mutex_unlock(&ptz->lock);
		return;
	}
	moving = ipcam_ptz_update_led(ptz);
	/* A real alarm line is sampled here; the simulated one is pushed. */
	if (poll_alarm && ptz->ops->get_alarm) {
		level = ptz->ops->get_alarm(ptz);
		if (level >= 0)
			ipcam_ptz_alarm_changed(ptz, level);
	}
	mutex_unlock(&ptz->lock);
	if (moving || poll_alarm)
		schedule_delayed_work(&ptz->poll_work, POLL_INTERVAL);
}

static void ipcam_ptz_auto_patrol_work(struct work_struct *work)
{
	struct ipcam_ptz *ptz = container_of(to_delayed_work(work),
					     struct ipcam_ptz, auto_patrol_work);
	unsigned long flags;
	u32 mask;

	mutex_lock(&ptz->lock);
	mask = ptz->patrol_type & IPCAM_PTZ_ALL_AXES;	/* 1 pan, 2 tilt, 3 both */
	spin_lock_irqsave(&ptz->slock, flags);
	if (!ptz->dead && mask && ptz->auto_patrol_interval &&
	    state_locked(ptz) == IPCAM_PTZ_STATE_IDLE)
		patrol_start_locked(ptz, mask, ptz->patrol_h_rounds, ptz->patrol_v_rounds);
	spin_unlock_irqrestore(&ptz->slock, flags);
	mutex_unlock(&ptz->lock);
	kick_poll(ptz);
}

/* Centre once the device is up, and start watching the alarm line. */
static void ipcam_ptz_start_work(struct work_struct *work)
{
	struct ipcam_ptz *ptz = container_of(work, struct ipcam_ptz, start_work);

	mutex_lock(&ptz->lock);
	if (!ptz->dead && ptz->center_on_start)
		ipcam_ptz_center(ptz);
	mutex_unlock(&ptz->lock);
	/* A real alarm line is sampled from now on. */
	if (ptz->info_flags & IPCAM_PTZ_INFO_ALARM_INPUT)
		kick_poll(ptz);
}

/* ---------------------------------------------------------------------- */
/* Probe and teardown */

static void read_range(struct device *dev, const char *prop, s32 def,
		       s32 *min, s32 *max)
{
	u32 r[2];

	if (device_property_read_u32_array(dev, prop, r, 2)) {
		*min = -def;
		*max = def;
		return;
	}
	/* Device-tree cells are u32: the negative minimum arrives cast. */
	*min = (s32)r[0];
	*max = (s32)r[1];
}

int ipcam_ptz_init(struct ipcam_ptz *ptz, struct device *dev)
{
	u32 spr = DEF_STEPS_PER_REV, rate = DEF_MAX_RATE, accel = DEF_ACCEL;
	unsigned int i;
	int ret;

	ptz->dev = dev;
	spin_lock_init(&ptz->slock);
	mutex_init(&ptz->lock);
	INIT_LIST_HEAD(&ptz->files);
	init_waitqueue_head(&ptz->wait);
	INIT_DELAYED_WORK(&ptz->auto_patrol_work, ipcam_ptz_auto_patrol_work);
	INIT_DELAYED_WORK(&ptz->poll_work, ipcam_ptz_poll_work);
	INIT_WORK(&ptz->start_work, ipcam_ptz_start_work);

	device_property_read_u32(dev, "openipcam,steps-per-revolution", &spr);
	device_property_read_u32(dev, "openipcam,max-step-rate-hz", &rate);
	device_property_read_u32(dev, "openipcam,acceleration", &accel);
	read_range(dev, "openipcam,pan-range-steps", DEF_PAN_RANGE,
		   &ptz->axis[0].min, &ptz->axis[0].max);
	read_range(dev, "openipcam,tilt-range-steps", DEF_TILT_RANGE,
		   &ptz->axis[1].min, &ptz->axis[1].max);
	if (!spr || !rate || rate > 20000 || !accel)
		return dev_err_probe(dev, -EINVAL, "bad motor properties\n");

	for (i = 0; i < IPCAM_PTZ_NUM_AXES; i++) {
		struct ipcam_axis *ax = &ptz->axis[i];

		if (ax->min > 0 || ax->max < 0 || ax->min == ax->max)
			return dev_err_probe(dev, -EINVAL,
					     "axis %u range %d..%d must contain 0\n",
					     i, ax->min, ax->max);
		ax->ptz = ptz;
		ax->idx = i;
		ax->steps_per_rev = spr;
		ax->max_rate = rate;
		ax->accel = accel;
		hrtimer_init(&ax->timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
		ax->timer.function = axis_timer_fn;
	}

	/* The SDK's factory settings. */
	ptz->patrol_h_rounds = 1;
	ptz->patrol_v_rounds = 1;
	ptz->patrol_rate = 10;
	for (i = 0; i < ARRAY_SIZE(ptz->dir_rate); i++)
		ptz->dir_rate[i] = 50;
	ptz->center_on_start = device_property_read_bool(dev, "openipcam,center-on-start");

	ret = ipcam_motor_gpio_probe(ptz);
	if (ret == -ENODEV)
		ret = ipcam_motor_sim_probe(ptz);
	if (ret)
		return ret;
	dev_dbg(dev, "motors: %s backend\n", ptz->ops->name);
	return 0;
}

/* Unbind: stop everything; open files see ENODEV and poll hang-up. */
void ipcam_ptz_shutdown(struct ipcam_ptz *ptz)
{
	unsigned long flags;
	unsigned int i;

	mutex_lock(&ptz->lock);
	spin_lock_irqsave(&ptz->slock, flags);
	ptz->dead = true;
	ptz->seq = IPCAM_SEQ_NONE;
	for (i = 0; i < IPCAM_PTZ_NUM_AXES; i++)
		ptz->axis[i].patrolling = false;
	spin_unlock_irqrestore(&ptz->slock, flags);
	mutex_unlock(&ptz->lock);

	/* The works take ptz->lock and then see dead: cancel outside it. */
	cancel_work_sync(&ptz->start_work);
	cancel_delayed_work_sync(&ptz->auto_patrol_work);
	cancel_delayed_work_sync(&ptz->poll_work);
	for (i = 0; i < IPCAM_PTZ_NUM_AXES; i++) {
		hrtimer_cancel(&ptz->axis[i].timer);
		ptz->axis[i].running = false;
		if (ptz->ops->release)
			ptz->ops->release(ptz, i);
	}
	wake_up_interruptible_poll(&ptz->wait, EPOLLHUP | EPOLLERR);
	if (ptz->ops->remove)
		ptz->ops->remove(ptz);
}

import { allowedActions, checkTransition, REFERRAL_ACTIONS, REFERRAL_STATUSES } from './referral-lifecycle';

describe('referral lifecycle', () => {
  it('follows DESIGN.md §4', () => {
    expect(checkTransition('REQUESTED', 'accept', 'receiver')).toEqual({ ok: true, to: 'ACCEPTED' });
    expect(checkTransition('REQUESTED', 'accept', 'sender')).toEqual({
      ok: false,
      reason: 'WRONG_SIDE',
      side: 'receiver',
    });
    expect(checkTransition('ACCEPTED', 'complete', 'receiver')).toMatchObject({ ok: false, reason: 'WRONG_STATE' });
    expect(checkTransition('IN_PROGRESS', 'hold', 'receiver')).toEqual({ ok: true, to: 'ON_HOLD' });
    expect(checkTransition('ON_HOLD', 'resume', 'receiver')).toEqual({ ok: true, to: 'IN_PROGRESS' });
    expect(checkTransition('COMPLETED', 'entered-in-error', 'sender')).toEqual({ ok: true, to: 'ENTERED_IN_ERROR' });
    expect(allowedActions('ENTERED_IN_ERROR')).toEqual([]);
    expect(allowedActions('REQUESTED').sort()).toEqual(['accept', 'cancel', 'entered-in-error', 'reject']);
  });

  it('never lets one action be allowed to both sides, and reports the state first', () => {
    for (const status of REFERRAL_STATUSES) {
      for (const action of REFERRAL_ACTIONS) {
        const sender = checkTransition(status, action, 'sender');
        const receiver = checkTransition(status, action, 'receiver');
        expect(sender.ok && receiver.ok).toBe(false);
        if (!allowedActions(status).includes(action)) {
          expect(sender).toMatchObject({ reason: 'WRONG_STATE' });
          expect(receiver).toMatchObject({ reason: 'WRONG_STATE' });
        }
      }
    }
  });
});

// A count of the steps taken by the scans whose length could grow with a session (records walked
// back over, items re-sorted, pages searched), so that tests can check that the work per event
// stays flat as a log grows, on any machine, without timing anything. One integer add per step:
// cheap enough to leave on.
export const work = { steps: 0 };

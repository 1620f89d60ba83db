/**
 * Operating-system processes as the runtimes need them: started as leaders of their own process
 * groups so that nothing they spawn outlives them, recorded in pid files so that a rack restarted
 * after a crash stops what the dead one left running, and restarted with backoff by one
 * supervision loop.
 */
package io.jrack.runtime.os;

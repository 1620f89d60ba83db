/**
 * Operating-system processes as the runtimes need them: started as leaders of their own process
 * groups so that nothing they spawn outlives them, and recorded in pid files so that a rack
 * restarted after a crash stops what the dead one left running.
 */
package io.jrack.runtime.os;

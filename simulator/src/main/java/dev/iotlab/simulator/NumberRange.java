package dev.iotlab.simulator;

/** The range a number in a scenario file must be within (and whether it must be whole). */
record NumberRange(double min, double max, boolean integer) {
}

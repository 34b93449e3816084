package dev.errands.processor.model;

import javax.lang.model.element.AnnotationValue;

/**
 * One entry of a step's {@code after}: a name, and the annotation value it came from so that an
 * error about it is reported on that very string.
 */
public record AfterEntry(String name, AnnotationValue value) {}

package dev.errands.processor.model;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;

/** A {@code @Timeout} on a method of the class that is not a step, where it would have no effect. */
public record StrayTimeout(ExecutableElement method, AnnotationMirror annotation) {}

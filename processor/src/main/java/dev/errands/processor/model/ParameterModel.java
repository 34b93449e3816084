package dev.errands.processor.model;

import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;

/** A parameter of a step method. */
public record ParameterModel(VariableElement element, String name, TypeMirror type) {}

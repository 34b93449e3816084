package dev.errands.processor.model;

import javax.lang.model.type.TypeMirror;

/**
 * A workflow input: a parameter that is not bound to an {@code after} entry, passed to {@code
 * run}. Inputs of one name in several steps are one input; {@code first} is where it first
 * appears.
 */
public record InputModel(String name, TypeMirror type, ParameterModel first) {}

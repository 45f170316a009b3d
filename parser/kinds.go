package parser

import (
	"fmt"

	ts "github.com/tree-sitter/go-tree-sitter"
	tree_sitter_rust "github.com/tree-sitter/tree-sitter-rust/bindings/go"
)

// Kind is a node kind. Aliased grammar symbols that share a name and namedness are folded
// into one Kind, so comparing kinds is comparing names.
type Kind uint16

// Field is a field name in the grammar (function_item's "body", call_expression's
// "function" ...), or one of the synthetic fields of re-parsed macros.
type Field uint16

var (
	language        = ts.NewLanguage(tree_sitter_rust.Language())
	kindNames       []string
	kindNamed       []bool
	canonicalKind   []Kind // grammar symbol -> Kind
	anonKindByName  = map[string]Kind{}
	namedKindByName = buildKindTables()
	fieldNames      []string
	fieldByName     = buildFieldTables()
)

func buildKindTables() map[string]Kind {
	namedKindByName := map[string]Kind{}
	n := int(language.NodeKindCount())
	canonicalKind = make([]Kind, 65536)
	kindNames = make([]string, n)
	kindNamed = make([]bool, n)
	for i := 0; i < n; i++ {
		name := language.NodeKindForId(uint16(i))
		named := language.NodeKindIsNamed(uint16(i))
		kindNames[i] = name
		kindNamed[i] = named
		m := anonKindByName
		if named {
			m = namedKindByName
		}
		if k, ok := m[name]; ok {
			canonicalKind[i] = k
		} else {
			m[name] = Kind(i)
			canonicalKind[i] = Kind(i)
		}
	}
	canonicalKind[65535] = 65535
	return namedKindByName
}

func buildFieldTables() map[string]Field {
	fieldByName := map[string]Field{}
	nf := int(language.FieldCount())
	fieldNames = make([]string, nf+1)
	for i := 1; i <= nf; i++ {
		fieldNames[i] = language.FieldNameForId(uint16(i))
		fieldByName[fieldNames[i]] = Field(i)
	}
	return fieldByName
}

func (k Kind) String() string {
	if k == 65535 {
		return "ERROR"
	}
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", int(k))
}

func (f Field) String() string {
	if int(f) < len(fieldNames) {
		return fieldNames[f]
	}
	return ""
}

// NamedKind returns the Kind of a named node kind; it panics on a name the grammar lacks, so
// that a typo fails at start-up rather than matching nothing.
func NamedKind(name string) Kind {
	k, ok := namedKindByName[name]
	if !ok {
		panic("parser: grammar has no named node kind " + name)
	}
	return k
}

// TokenKind returns the Kind of an anonymous token such as "=>" or "loop".
func TokenKind(name string) Kind {
	k, ok := anonKindByName[name]
	if !ok {
		panic("parser: grammar has no token " + name)
	}
	return k
}

func fieldNamed(name string) Field {
	f, ok := fieldByName[name]
	if !ok {
		panic("parser: grammar has no field " + name)
	}
	return f
}

// synthetic adds a node kind that the grammar does not have (for re-parsed macro bodies).
func synthetic(name string) Kind {
	k := Kind(len(kindNames))
	kindNames = append(kindNames, name)
	kindNamed = append(kindNamed, true)
	namedKindByName[name] = k
	return k
}

func syntheticField(name string) Field {
	f := Field(len(fieldNames))
	fieldNames = append(fieldNames, name)
	fieldByName[name] = f
	return f
}

// Node kinds that rules dispatch on or look for.
var (
	KSourceFile              = NamedKind("source_file")
	KFunctionItem            = NamedKind("function_item")
	KFunctionSignatureItem   = NamedKind("function_signature_item")
	KFunctionModifiers       = NamedKind("function_modifiers")
	KParameters              = NamedKind("parameters")
	KParameter               = NamedKind("parameter")
	KSelfParameter           = NamedKind("self_parameter")
	KClosureExpression       = NamedKind("closure_expression")
	KClosureParameters       = NamedKind("closure_parameters")
	KAsyncBlock              = NamedKind("async_block")
	KBlock                   = NamedKind("block")
	KUnsafeBlock             = NamedKind("unsafe_block")
	KLetDeclaration          = NamedKind("let_declaration")
	KExpressionStatement     = NamedKind("expression_statement")
	KCallExpression          = NamedKind("call_expression")
	KArguments               = NamedKind("arguments")
	KFieldExpression         = NamedKind("field_expression")
	KFieldIdentifier         = NamedKind("field_identifier")
	KAwaitExpression         = NamedKind("await_expression")
	KTryExpression           = NamedKind("try_expression")
	KReturnExpression        = NamedKind("return_expression")
	KBreakExpression         = NamedKind("break_expression")
	KContinueExpression      = NamedKind("continue_expression")
	KLoopExpression          = NamedKind("loop_expression")
	KWhileExpression         = NamedKind("while_expression")
	KForExpression           = NamedKind("for_expression")
	KIfExpression            = NamedKind("if_expression")
	KElseClause              = NamedKind("else_clause")
	KLetCondition            = NamedKind("let_condition")
	KLetChain                = NamedKind("let_chain")
	KMatchExpression         = NamedKind("match_expression")
	KMatchBlock              = NamedKind("match_block")
	KMatchArm                = NamedKind("match_arm")
	KMatchPattern            = NamedKind("match_pattern")
	KMacroInvocation         = NamedKind("macro_invocation")
	KMacroDefinition         = NamedKind("macro_definition")
	KTokenTree               = NamedKind("token_tree")
	KIdentifier              = NamedKind("identifier")
	KScopedIdentifier        = NamedKind("scoped_identifier")
	KGenericFunction         = NamedKind("generic_function")
	KTypeIdentifier          = NamedKind("type_identifier")
	KScopedTypeIdentifier    = NamedKind("scoped_type_identifier")
	KGenericType             = NamedKind("generic_type")
	KReferenceType           = NamedKind("reference_type")
	KArrayType               = NamedKind("array_type")
	KPrimitiveType           = NamedKind("primitive_type")
	KTupleType               = NamedKind("tuple_type")
	KArrayExpression         = NamedKind("array_expression")
	KReferenceExpression     = NamedKind("reference_expression")
	KMutableSpecifier        = NamedKind("mutable_specifier")
	KAssignmentExpression    = NamedKind("assignment_expression")
	KCompoundAssignment      = NamedKind("compound_assignment_expr")
	KBinaryExpression        = NamedKind("binary_expression")
	KUnaryExpression         = NamedKind("unary_expression")
	KParenthesizedExpression = NamedKind("parenthesized_expression")
	KIntegerLiteral          = NamedKind("integer_literal")
	KBooleanLiteral          = NamedKind("boolean_literal")
	KTypeCastExpression      = NamedKind("type_cast_expression")
	KIndexExpression         = NamedKind("index_expression")
	KTupleExpression         = NamedKind("tuple_expression")
	KStructExpression        = NamedKind("struct_expression")
	KRangeExpression         = NamedKind("range_expression")
	KConstItem               = NamedKind("const_item")
	KStaticItem              = NamedKind("static_item")
	KUseDeclaration          = NamedKind("use_declaration")
	KUseList                 = NamedKind("use_list")
	KScopedUseList           = NamedKind("scoped_use_list")
	KUseAsClause             = NamedKind("use_as_clause")
	KUseWildcard             = NamedKind("use_wildcard")
	KImplItem                = NamedKind("impl_item")
	KTraitItem               = NamedKind("trait_item")
	KModItem                 = NamedKind("mod_item")
	KStructItem              = NamedKind("struct_item")
	KEnumItem                = NamedKind("enum_item")
	KDeclarationList         = NamedKind("declaration_list")
	KFieldDeclaration        = NamedKind("field_declaration")
	KSelf                    = NamedKind("self")
	KCrate                   = NamedKind("crate")
	KSuper                   = NamedKind("super")
	KLineComment             = NamedKind("line_comment")
	KBlockComment            = NamedKind("block_comment")
	KAttributeItem           = NamedKind("attribute_item")
	KInnerAttributeItem      = NamedKind("inner_attribute_item")
	KTuplePattern            = NamedKind("tuple_pattern")
	KTupleStructPattern      = NamedKind("tuple_struct_pattern")
	KStructPattern           = NamedKind("struct_pattern")
	KRefPattern              = NamedKind("ref_pattern")
	KMutPattern              = NamedKind("mut_pattern")
	KLabel                   = NamedKind("label")
	KTypeArguments           = NamedKind("type_arguments")
	KTraitBounds             = NamedKind("trait_bounds")
	KWhereClause             = NamedKind("where_clause")
	KUnitExpression          = NamedKind("unit_expression")
	KFieldInitializer        = NamedKind("field_initializer")
	KShorthandFieldInit      = NamedKind("shorthand_field_initializer")
	KStringLiteral           = NamedKind("string_literal")
	KLifetime                = NamedKind("lifetime")
	KTypeItem                = NamedKind("type_item")
	KUnionItem               = NamedKind("union_item")
	KNeverType               = NamedKind("never_type")
	KShorthandFieldIdent     = NamedKind("shorthand_field_identifier")
	KError                   = Kind(65535) // ts_builtin_sym_error
)

// Anonymous tokens.
var (
	TLoop      = TokenKind("loop")
	TAsync     = TokenKind("async")
	TMove      = TokenKind("move")
	TEq        = TokenKind("=")
	TFatArrow  = TokenKind("=>")
	TComma     = TokenKind(",")
	TSemicolon = TokenKind(";")
	TIf        = TokenKind("if")
	TElse      = TokenKind("else")
	TLet       = TokenKind("let")
	TBang      = TokenKind("!")
	TAmp       = TokenKind("&")
	TQuestion  = TokenKind("?")
	TUnsafe    = TokenKind("unsafe")
	TMatch     = TokenKind("match")
	TPound     = TokenKind("#")
	TColon     = TokenKind(":")
	TPipe      = TokenKind("|")
	TPathSep   = TokenKind("::")
	TDot       = TokenKind(".")
	TDollar    = TokenKind("$")
	TConst     = TokenKind("const")
	TFor       = TokenKind("for")
	TImpl      = TokenKind("impl")
	TAndAnd    = TokenKind("&&")
	TOrOr      = TokenKind("||")
)

// Synthetic kinds made by macro re-parsing (see macros.go).
var (
	// KMacroBody replaces a macro's token_tree once its tokens were re-parsed; its children are
	// the parsed items, statements or expressions (for select!, its branches).
	KMacroBody = synthetic("macro_body")
	// KSelectBranch is `pattern = future [, if condition] => handler` of select!.
	KSelectBranch = synthetic("select_branch")
	// KSelectElse is `else => handler` (tokio) or `complete => handler` / `default => handler`.
	KSelectElse = synthetic("select_else")
	// KBiased marks `biased;` at the top of a select! body.
	KBiased = synthetic("select_biased")
)

// Fields of the grammar and of the synthetic nodes.
var (
	FBody        = fieldNamed("body")
	FName        = fieldNamed("name")
	FParameters  = fieldNamed("parameters")
	FReturnType  = fieldNamed("return_type")
	FFunction    = fieldNamed("function")
	FArguments   = fieldNamed("arguments")
	FValue       = fieldNamed("value")
	FField       = fieldNamed("field")
	FPattern     = fieldNamed("pattern")
	FType        = fieldNamed("type")
	FCondition   = fieldNamed("condition")
	FConsequence = fieldNamed("consequence")
	FAlternative = fieldNamed("alternative")
	FLeft        = fieldNamed("left")
	FRight       = fieldNamed("right")
	FOperator    = fieldNamed("operator")
	FMacro       = fieldNamed("macro")
	FPath        = fieldNamed("path")
	FAlias       = fieldNamed("alias")
	FArgument    = fieldNamed("argument")
	FElement     = fieldNamed("element")
	FLength      = fieldNamed("length")
	FTrait       = fieldNamed("trait")
	FList        = fieldNamed("list")
	FDefaultType = fieldNamed("default_type")

	// FFuture is the future expression of a select_branch; FHandler its handler expression.
	FFuture  = syntheticField("future")
	FHandler = syntheticField("handler")
)

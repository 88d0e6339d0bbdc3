function Get-PgHelperB {  # expect: Layout.FunctionName
    param ($Name)
    $Name
}

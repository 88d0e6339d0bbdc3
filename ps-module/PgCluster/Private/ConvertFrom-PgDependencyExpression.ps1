function ConvertFrom-PgDependencyExpression {
    <#
    .SYNOPSIS
        Reads a dependency expression as Get-ClusterResourceDependency returns it, e.g.
        "([IP Address 1] or [IP Address 2]) and ([Cluster Disk 1])", into its AND groups, each
        an array of the names OR'ed in it. A name in brackets may hold parentheses.
    #>
    [CmdletBinding()]
    [OutputType([object[]])]
    param (
        [Parameter(Mandatory = $true)]
        [AllowEmptyString()]
        [string]
        $Expression
    )

    $groups = New-Object -TypeName System.Collections.Generic.List[object]
    $current = $null
    # Brackets first, so that a parenthesis inside a name is part of the name.
    foreach ($m in [regex]::Matches($Expression, '\[([^\]]*)\]|\(|\)')) {
        if ($m.Value -eq '(') {
            $current = New-Object -TypeName System.Collections.Generic.List[string]
        }
        elseif ($m.Value -eq ')') {
            if ($null -ne $current -and $current.Count -gt 0) {
                $groups.Add([string[]]$current.ToArray())
            }
            $current = $null
        }
        elseif ($null -ne $current) {
            $current.Add($m.Groups[1].Value)
        }
        else {
            $groups.Add([string[]]@($m.Groups[1].Value))
        }
    }
    return , $groups.ToArray()
}

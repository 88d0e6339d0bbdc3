function Get-PgRegistryKey {
    <#
    .SYNOPSIS
        Reads the values of a registry key (HKLM\... form) into a hashtable, or $null when the key
        does not exist. The module's only registry reader: tests mock it.
    #>
    [CmdletBinding()]
    [OutputType([hashtable])]
    param (
        [Parameter(Mandatory = $true)]
        [string]
        $Path
    )

    $literal = "Registry::$($Path -replace '^HKLM\\', 'HKEY_LOCAL_MACHINE\')"
    if (-not (Test-Path -LiteralPath $literal)) {
        return $null
    }
    $values = @{}
    $item = Get-Item -LiteralPath $literal
    foreach ($name in $item.GetValueNames()) {
        $values[$name] = $item.GetValue($name, $null, 'DoNotExpandEnvironmentNames')
    }
    return $values
}

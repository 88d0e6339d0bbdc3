function Set-PgRegistryValue {
    <#
    .SYNOPSIS
        Writes (or with -Remove deletes) one string value under a registry key (HKLM\... form),
        creating the key when needed. The module's only registry writer: tests mock it.
    #>
    [CmdletBinding(SupportsShouldProcess = $true)]
    [OutputType([void])]
    param (
        [Parameter(Mandatory = $true)]
        [string]
        $Path,

        [Parameter(Mandatory = $true)]
        [string]
        $Name,

        [Parameter()]
        [string]
        $Value,

        [Parameter()]
        [switch]
        $Remove
    )

    $literal = "Registry::$($Path -replace '^HKLM\\', 'HKEY_LOCAL_MACHINE\')"
    if (-not $PSCmdlet.ShouldProcess("$Path\$Name", 'Set registry value')) {
        return
    }
    if ($Remove) {
        if (Test-Path -LiteralPath $literal) {
            Remove-ItemProperty -LiteralPath $literal -Name $Name -ErrorAction SilentlyContinue
        }
        return
    }
    if (-not (Test-Path -LiteralPath $literal)) {
        $null = New-Item -Path $literal -Force
    }
    $null = New-ItemProperty -LiteralPath $literal -Name $Name -Value $Value -PropertyType String -Force
}
